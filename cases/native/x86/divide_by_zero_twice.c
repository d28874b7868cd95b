//! args: 0
//! exit: 0
//! stdout: division 1 by 0: SIGFPE FPE_INTDIV at the idiv
//! stdout: division 2 by 0: SIGFPE FPE_INTDIV at the idiv
//! stdout: division 3 by 0: SIGFPE FPE_INTDIV at the idiv
//! stdout: 42 / 6 = 7 after three recoveries

/*
 * Surviving integer divisions by zero again and again, as Go programs do (test/
 * recover3.go recovers from one int and one int64 division): each raises #DE, Linux
 * delivers SIGFPE with FPE_INTDIV and si_addr at the idiv, and the handler jumps out.
 * The second #DE of a process is where Unicorn fails: it takes it for a double fault
 * (the first exception was never marked delivered), and the third for a triple fault;
 * fvemu clears the mark after each exception (emu/arch/x86_cpu.cpp).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static sigjmp_buf recover_point;
static volatile int last_code;
static void* volatile last_addr;

static void on_fpe(int sig, siginfo_t* info, void* ctx) {
  (void)ctx;
  last_code = sig == SIGFPE ? info->si_code : -sig;
  last_addr = info->si_addr;
  siglongjmp(recover_point, 1);
}

static __attribute__((noinline)) int divide(int a, int b) { return a / b; }

int main(int argc, char** argv) {
  if (argc != 2) return 64;
  volatile int divisor = atoi(argv[1]);
  struct sigaction sa = {0};
  sa.sa_sigaction = on_fpe;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  for (volatile int i = 1; i <= 3; i++) {
    if (sigsetjmp(recover_point, 1) == 0) {
      printf("division %d by 0: no signal, result %d\n", i, divide(42, divisor));
      return 1;
    }
    const char* where = (char*)last_addr >= (char*)divide && (char*)last_addr < (char*)divide + 64
                            ? "at the idiv" : "somewhere else";
    printf("division %d by 0: %s %s\n", i,
           last_code == FPE_INTDIV ? "SIGFPE FPE_INTDIV" : "another signal", where);
  }
  printf("42 / 6 = %d after three recoveries\n", divide(42, divisor + 6));
  return 0;
}
