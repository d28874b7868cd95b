//! exit: 0
//! stdout: SIGUSR1 handled on the alternate stack: yes
//! stdout: SIGUSR1 si_code SI_TKILL: yes
//! stdout: blocked SIGUSR2 stays pending: yes
//! stdout: SIGUSR2 delivered on unblock: yes
//! stdout: SIGSEGV si_addr matches: yes
//! stdout: SIGSEGV si_code SEGV_MAPERR: yes
//! stdout: recovered from SIGSEGV 3 times
//! stdout: ignored SIGUSR1 does nothing: yes
//! stdout: signals ok

/*
 * Signal delivery as Linux does it, without a language runtime in the way:
 * sigaction with SA_SIGINFO and SA_ONSTACK, sigaltstack, raise (tgkill to itself),
 * sigprocmask blocking and unblocking, a SIGSEGV handler that reads si_addr and
 * si_code and leaves with siglongjmp (so the mask saved by sigsetjmp comes back), and
 * SIG_IGN. Each handler checks what the kernel put in its siginfo and ucontext.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char altstack[64 * 1024];
static volatile int usr1_on_altstack, usr1_code_ok, usr2_count;
static sigjmp_buf recover_point;
static volatile uintptr_t segv_addr;
static volatile int segv_code;

static const char* yes(int ok) { return ok ? "yes" : "no"; }

static void on_usr1(int sig, siginfo_t* info, void* uc) {
  (void)uc;
  char local;
  const uintptr_t here = (uintptr_t)&local;
  usr1_on_altstack = here >= (uintptr_t)altstack && here < (uintptr_t)altstack + sizeof altstack;
  usr1_code_ok = sig == SIGUSR1 && info->si_signo == SIGUSR1 && info->si_code == SI_TKILL;
}

static void on_usr2(int sig) { usr2_count += sig == SIGUSR2; }

static void on_segv(int sig, siginfo_t* info, void* uc) {
  (void)sig;
  (void)uc;
  segv_addr = (uintptr_t)info->si_addr;
  segv_code = info->si_code;
  siglongjmp(recover_point, 1);
}

// Stores through `bad`; returns 1 when the SIGSEGV handler jumped back here. (The jump
// target is this live frame: locals of a caller changed after sigsetjmp would be
// indeterminate after siglongjmp.)
__attribute__((noinline)) static int survives_store_to(volatile int* bad) {
  if (sigsetjmp(recover_point, 1) == 0) {
    *bad = 1;
    return 0;
  }
  return 1;
}

int main(void) {
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
  if (sigaltstack(&ss, NULL) != 0) return 10;

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  if (sigaction(SIGUSR1, &sa, NULL) != 0) return 11;
  raise(SIGUSR1);
  printf("SIGUSR1 handled on the alternate stack: %s\n", yes(usr1_on_altstack));
  printf("SIGUSR1 si_code SI_TKILL: %s\n", yes(usr1_code_ok));

  signal(SIGUSR2, on_usr2);
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, &old);
  raise(SIGUSR2);
  sigset_t pending;
  sigpending(&pending);
  printf("blocked SIGUSR2 stays pending: %s\n", yes(usr2_count == 0 && sigismember(&pending, SIGUSR2)));
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("SIGUSR2 delivered on unblock: %s\n", yes(usr2_count == 1));

  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  if (sigaction(SIGSEGV, &sa, NULL) != 0) return 12;
  int recovered = 0;
  for (int i = 0; i < 3; i++) {
    volatile int* bad = (volatile int*)(uintptr_t)(0x10 + 0x100 * i);
    if (!survives_store_to(bad)) return 13;
    if (segv_addr != (uintptr_t)bad) {
      printf("si_addr %#lx, expected %#lx\n", (unsigned long)segv_addr, (unsigned long)(uintptr_t)bad);
      return 14;
    }
    recovered++;
  }
  printf("SIGSEGV si_addr matches: %s\n", yes(1));
  printf("SIGSEGV si_code SEGV_MAPERR: %s\n", yes(segv_code == SEGV_MAPERR));
  printf("recovered from SIGSEGV %d times\n", recovered);

  signal(SIGUSR1, SIG_IGN);
  raise(SIGUSR1);
  printf("ignored SIGUSR1 does nothing: %s\n", yes(1));
  puts("signals ok");
  return 0;
}
