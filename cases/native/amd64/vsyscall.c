//! exit: 0
//! reference: host
//! stdout: gettimeofday at 0xffffffffff600000 agrees with the syscall: yes
//! stdout: time at 0xffffffffff600400 returns and stores the syscall's time: yes
//! stdout: time at 0xffffffffff600400 takes a NULL pointer: yes
//! stdout: getcpu at 0xffffffffff600800 names a CPU and node 0: yes
//! stdout: vsyscall ok

/*
 * The legacy vsyscall page of x86-64 Linux (arch/x86/entry/vsyscall/vsyscall_64.c):
 * gettimeofday at 0xffffffffff600000, time at +0x400 and getcpu at +0x800, called as
 * functions with the syscall's arguments. Go's runtime called gettimeofday there until
 * Go 1.5 (runtime/sys_linux_amd64.s), so every amd64 Go program of those years dies
 * without it. Linux emulates the calls (vsyscall=emulate or xonly); each must answer
 * what the real syscall answers. Nothing time-dependent is printed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef long (*gettimeofday_fn)(struct timeval *, struct timezone *);
typedef long (*time_fn)(long *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

#define VSYSCALL 0xffffffffff600000UL

static int errors;

static void report(const char *what, int ok) {
  printf("%s: %s\n", what, ok ? "yes" : "no");
  errors += !ok;
}

static long labs_diff(long a, long b) { return a > b ? a - b : b - a; }

int main(void) {
  struct timeval tv = {0}, ref = {0};
  long got = ((gettimeofday_fn)VSYSCALL)(&tv, NULL);
  syscall(SYS_gettimeofday, &ref, NULL);
  report("gettimeofday at 0xffffffffff600000 agrees with the syscall",
         got == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000 &&
             labs_diff(tv.tv_sec, ref.tv_sec) <= 2 && tv.tv_sec > 1577836800L);

  long stored = 0;
  long t = ((time_fn)(VSYSCALL + 0x400))(&stored);
  long t_ref = syscall(SYS_time, NULL);
  report("time at 0xffffffffff600400 returns and stores the syscall's time",
         t == stored && labs_diff(t, t_ref) <= 2);
  long t_null = ((time_fn)(VSYSCALL + 0x400))(NULL);
  report("time at 0xffffffffff600400 takes a NULL pointer", labs_diff(t_null, t_ref) <= 2);

  unsigned cpu = ~0u, node = ~0u;
  long r = ((getcpu_fn)(VSYSCALL + 0x800))(&cpu, &node, NULL);
  report("getcpu at 0xffffffffff600800 names a CPU and node 0",
         r == 0 && cpu < 4096 && node == 0);

  if (errors) return 1;
  puts("vsyscall ok");
  return 0;
}
