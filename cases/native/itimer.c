//! exit: 0
//! stdout: ITIMER_REAL every 20 ms: 5 SIGALRM caught: yes
//! stdout: disarming returned the 20 ms interval: yes
//! stdout: getitimer on a 1 s one-shot: value in (0, 1 s], no interval: yes
//! stdout: disarmed timer reads zero: yes
//! stdout: ITIMER_VIRTUAL: 3 SIGVTALRM during a busy loop: yes
//! stdout: ITIMER_PROF: 3 SIGPROF during a busy loop: yes
//! stdout: alarm(5) returns 0: yes
//! stdout: alarm(3) returns the 5 s left, rounded: yes
//! stdout: alarm(0) returns the 3 s left, rounded: yes
//! stdout: alarm(0) with 300 ms left returns 1: yes
//! stdout: nanosleep(10 s) cut short by a 50 ms timer: EINTR: yes
//! stdout: setitimer which 7: EINVAL: yes
//! stdout: getitimer which 7: EINVAL: yes
//! stdout: setitimer tv_usec 1000000: EINVAL: yes
//! stdout: itimer ok

/*
 * Interval timers (kernel/time/itimer.c): setitimer and getitimer on ITIMER_REAL
 * (wall clock, SIGALRM), ITIMER_VIRTUAL (user CPU time, SIGVTALRM) and ITIMER_PROF
 * (user and system CPU time, SIGPROF), as language runtimes of 2013 used them for
 * preemption and profiling; and alarm, which is ITIMER_REAL in whole seconds.
 *
 * What is exact on Linux: the interval reads back as set (it is kept in nanoseconds);
 * alarm reports the time left rounded to the nearest second, but never 0 while an
 * alarm is pending (alarm_setitimer: tv_usec >= 500000, or 0 s with any tv_usec,
 * rounds up); a handler interrupting nanosleep makes it fail with EINTR; an unknown
 * timer or a tv_usec outside [0, 1000000) is EINVAL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alrm_count, vtalrm_count, prof_count;

static const char* yes(int ok) { return ok ? "yes" : "no"; }

static void on_signal(int sig) {
  if (sig == SIGALRM) alrm_count++;
  if (sig == SIGVTALRM) vtalrm_count++;
  if (sig == SIGPROF) prof_count++;
}

static void install(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(sig, &sa, NULL);
}

static int set_timer(int which, long value_us, long interval_us, struct itimerval* old) {
  struct itimerval it = {{interval_us / 1000000, interval_us % 1000000}, {value_us / 1000000, value_us % 1000000}};
  return setitimer(which, &it, old);
}

static int disarm(int which, struct itimerval* old) { return set_timer(which, 0, 0, old); }

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// SIGALRM stays blocked except inside sigsuspend, so no tick is lost between checking
// the count and waiting. A tick still pending after disarming is taken with sigwait.
static int check_periodic_real(void) {
  sigset_t alrm, old_mask, waiting;
  sigemptyset(&alrm);
  sigaddset(&alrm, SIGALRM);
  sigprocmask(SIG_BLOCK, &alrm, &old_mask);
  waiting = old_mask;
  sigdelset(&waiting, SIGALRM);
  install(SIGALRM);
  alrm_count = 0;
  set_timer(ITIMER_REAL, 20000, 20000, NULL);
  while (alrm_count < 5) sigsuspend(&waiting);
  const int five = alrm_count == 5;
  struct itimerval old;
  disarm(ITIMER_REAL, &old);
  printf("ITIMER_REAL every 20 ms: 5 SIGALRM caught: %s\n", yes(five));
  const int interval = old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 20000;
  printf("disarming returned the 20 ms interval: %s\n", yes(interval));
  sigset_t pending;
  int sig;
  sigpending(&pending);
  if (sigismember(&pending, SIGALRM)) sigwait(&alrm, &sig);
  sigprocmask(SIG_SETMASK, &old_mask, NULL);
  return five && interval;
}

static int check_getitimer(void) {
  set_timer(ITIMER_REAL, 1000000, 0, NULL);
  struct itimerval cur;
  getitimer(ITIMER_REAL, &cur);
  const long value_us = cur.it_value.tv_sec * 1000000L + cur.it_value.tv_usec;
  const int armed = value_us > 0 && value_us <= 1000000 && cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 0;
  printf("getitimer on a 1 s one-shot: value in (0, 1 s], no interval: %s\n", yes(armed));
  disarm(ITIMER_REAL, NULL);
  getitimer(ITIMER_REAL, &cur);
  const int zero = cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0 && cur.it_interval.tv_sec == 0 &&
                   cur.it_interval.tv_usec == 0;
  printf("disarmed timer reads zero: %s\n", yes(zero));
  return armed && zero;
}

// Burns CPU until `count` reaches 3 (or 5 s of wall time pass: then the check fails).
static int spin_until_three(int which, int sig, volatile sig_atomic_t* count) {
  install(sig);
  *count = 0;
  set_timer(which, 10000, 10000, NULL);
  const uint64_t give_up = now_ns() + 5000000000u;
  volatile uint32_t counter = 0;
  while (*count < 3) {
    counter++;
    if ((counter & 0xffff) == 0 && now_ns() > give_up) break;
  }
  disarm(which, NULL);
  return *count >= 3;
}

static int check_cpu_timers(void) {
  const int virt = spin_until_three(ITIMER_VIRTUAL, SIGVTALRM, &vtalrm_count);
  printf("ITIMER_VIRTUAL: 3 SIGVTALRM during a busy loop: %s\n", yes(virt));
  const int prof = spin_until_three(ITIMER_PROF, SIGPROF, &prof_count);
  printf("ITIMER_PROF: 3 SIGPROF during a busy loop: %s\n", yes(prof));
  return virt && prof;
}

static int check_alarm(void) {
  const unsigned first = alarm(5);
  printf("alarm(5) returns 0: %s\n", yes(first == 0));
  const unsigned second = alarm(3);  // 4.99... s left: rounds to 5
  printf("alarm(3) returns the 5 s left, rounded: %s\n", yes(second == 5));
  const unsigned third = alarm(0);
  printf("alarm(0) returns the 3 s left, rounded: %s\n", yes(third == 3));
  set_timer(ITIMER_REAL, 300000, 0, NULL);
  const unsigned short_one = alarm(0);  // 0.3 s left: a pending alarm never reports 0
  printf("alarm(0) with 300 ms left returns 1: %s\n", yes(short_one == 1));
  return first == 0 && second == 5 && third == 3 && short_one == 1;
}

static int check_interrupted_sleep(void) {
  install(SIGALRM);
  alrm_count = 0;
  set_timer(ITIMER_REAL, 50000, 0, NULL);
  struct timespec ts = {10, 0}, rem = {0, 0};
  const int r = nanosleep(&ts, &rem);
  const int ok = r == -1 && errno == EINTR && alrm_count == 1 && rem.tv_sec >= 9 && rem.tv_sec <= 10;
  printf("nanosleep(10 s) cut short by a 50 ms timer: EINTR: %s\n", yes(ok));
  return ok;
}

static int check_errors(void) {
  struct itimerval it = {{0, 0}, {1, 0}}, cur;
  errno = 0;
  const int bad_which = setitimer(7, &it, NULL) == -1 && errno == EINVAL;
  printf("setitimer which 7: EINVAL: %s\n", yes(bad_which));
  errno = 0;
  const int bad_get = getitimer(7, &cur) == -1 && errno == EINVAL;
  printf("getitimer which 7: EINVAL: %s\n", yes(bad_get));
  it.it_value.tv_usec = 1000000;
  errno = 0;
  const int bad_usec = setitimer(ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL;
  printf("setitimer tv_usec 1000000: EINVAL: %s\n", yes(bad_usec));
  disarm(ITIMER_REAL, NULL);
  return bad_which && bad_get && bad_usec;
}

int main(void) {
  int ok = check_periodic_real();
  ok &= check_getitimer();
  ok &= check_cpu_timers();
  ok &= check_alarm();
  ok &= check_interrupted_sleep();
  ok &= check_errors();
  if (!ok) {
    puts("itimer FAILED");
    return 1;
  }
  puts("itimer ok");
  return 0;
}
