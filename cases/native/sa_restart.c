//! exit: 0
//! stdout: futex wait, SA_RESTART: handler ran, still waiting: yes
//! stdout: futex wait, SA_RESTART: returned 0 after the wake: yes
//! stdout: futex wait, no SA_RESTART: EINTR: yes
//! stdout: futex wait with a timeout, SA_RESTART: EINTR: yes
//! stdout: nanosleep, SA_RESTART: EINTR: yes
//! stdout: nanosleep remaining time in (0, 5 s]: yes
//! stdout: epoll_wait, SA_RESTART: EINTR: yes
//! stdout: select, SA_RESTART: EINTR: yes
//! stdout: sigsuspend: EINTR after the handler: yes
//! stdout: sigsuspend put the old mask back: yes
//! stdout: pause: EINTR after the handler: yes
//! stdout: sa_restart ok

/*
 * Which blocking system calls a caught signal restarts (man 7 signal, "Interruption of
 * system calls and library functions by signal handlers"). The kernel marks an
 * interrupted call with one of three codes and decides at signal delivery
 * (arch/x86/kernel/signal.c and arch/arm/kernel/signal.c, handle_signal):
 *   -ERESTARTSYS: restarted when the handler has SA_RESTART, else EINTR
 *     (futex FUTEX_WAIT without a timeout);
 *   -ERESTARTNOHAND: EINTR whenever a handler runs (select, sigsuspend, pause);
 *   -ERESTART_RESTARTBLOCK: EINTR whenever a handler runs (futex wait with a timeout
 *     and nanosleep, which restart through restart_syscall only when no handler ran);
 * and epoll_wait returns EINTR itself, never restarted.
 *
 * Each call blocks in a second thread; the main thread sends it SIGUSR1 with tgkill
 * 100 ms later. A restarted futex wait must stay blocked until the main thread sets the
 * word and wakes it, and then return 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile int handler_count;
static int futex_word;
static int pipe_fds[2];
static int epoll_fd;
static struct timespec nanosleep_rem;
static int sigsuspend_mask_ok;

// What one interrupted call did, filled in by its thread.
struct run {
  long (*op)(void);
  void (*release)(pid_t tid);  // unblocks op if it still waits
  pid_t tid;
  int done;
  long result;
  int err;
};

static const char* yes(int ok) { return ok ? "yes" : "no"; }

static void on_usr1(int sig) { handler_count += sig == SIGUSR1; }

static void install_handler(int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = flags;
  sigaction(SIGUSR1, &sa, NULL);
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

static void* blocker(void* arg) {
  struct run* r = arg;
  __atomic_store_n(&r->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
  errno = 0;
  r->result = r->op();
  r->err = errno;
  __atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

static int is_done(struct run* r) { return __atomic_load_n(&r->done, __ATOMIC_SEQ_CST); }

// Polls for the thread to finish for up to `ms` (a bound, not an ordering).
static int wait_done(struct run* r, long ms) {
  for (long waited = 0; !is_done(r) && waited < ms; waited += 10) sleep_ms(10);
  return is_done(r);
}

// Starts op in a thread and sends it SIGUSR1 once it has had 100 ms to block. With
// `linger`, also gives a restarted call 100 ms to (wrongly) return, and reports whether
// it was still blocked then. Releases the call if it is still waiting, and joins.
static int interrupt(struct run* r, int linger) {
  handler_count = 0;
  pthread_t t;
  if (pthread_create(&t, NULL, blocker, r) != 0) return 0;
  sleep_ms(100);
  while (__atomic_load_n(&r->tid, __ATOMIC_SEQ_CST) == 0) sleep_ms(10);
  syscall(SYS_tgkill, getpid(), r->tid, SIGUSR1);
  int still_blocked = 1;
  if (linger) {
    sleep_ms(100);
    still_blocked = !is_done(r);
  } else {
    wait_done(r, 2000);
  }
  if (!is_done(r)) {
    r->release(r->tid);
    wait_done(r, 10000);
  }
  pthread_join(t, NULL);
  return still_blocked;
}

static int interrupted(const struct run* r) { return r->result == -1 && r->err == EINTR && handler_count == 1; }

static long futex_wait(void) { return syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, NULL, NULL, 0); }

static long futex_wait_10s(void) {
  struct timespec timeout = {10, 0};
  return syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, &timeout, NULL, 0);
}

static void futex_release(pid_t tid) {
  (void)tid;
  __atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
  syscall(SYS_futex, &futex_word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static long sleep_5s(void) {
  struct timespec ts = {5, 0};
  return nanosleep(&ts, &nanosleep_rem);
}

static void no_release(pid_t tid) { (void)tid; }  // nanosleep ends by itself

static long epoll_wait_forever(void) {
  struct epoll_event ev;
  return epoll_wait(epoll_fd, &ev, 1, -1);
}

// A readable eventfd joining the set wakes the waiter.
static void epoll_release(pid_t tid) {
  (void)tid;
  const int efd = eventfd(1, 0);
  struct epoll_event ev = {.events = EPOLLIN};
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, efd, &ev);
}

static long select_pipe(void) {
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(pipe_fds[0], &rd);
  return select(pipe_fds[0] + 1, &rd, NULL, NULL, NULL);
}

static void pipe_release(pid_t tid) {
  (void)tid;
  if (write(pipe_fds[1], "x", 1) != 1) return;
}

// SIGUSR1 is blocked in this thread except inside sigsuspend; afterwards the thread's
// mask must be the blocked one again.
static long suspend_unblocking_usr1(void) {
  sigset_t block, during, after;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &block, NULL);
  pthread_sigmask(SIG_BLOCK, NULL, &during);
  sigdelset(&during, SIGUSR1);
  const long r = sigsuspend(&during);
  const int err = errno;
  pthread_sigmask(SIG_BLOCK, NULL, &after);
  sigsuspend_mask_ok = sigismember(&after, SIGUSR1) == 1;
  errno = err;
  return r;
}

static long do_pause(void) { return pause(); }

static void signal_again(pid_t tid) { syscall(SYS_tgkill, getpid(), tid, SIGUSR1); }

static int check_futex_restart(void) {
  install_handler(SA_RESTART);
  futex_word = 0;
  struct run r = {.op = futex_wait, .release = futex_release};
  const int blocked = interrupt(&r, 1);
  const int ran = blocked && handler_count == 1;
  printf("futex wait, SA_RESTART: handler ran, still waiting: %s\n", yes(ran));
  const int woke = r.result == 0;
  printf("futex wait, SA_RESTART: returned 0 after the wake: %s\n", yes(woke));
  return ran && woke;
}

static int check_futex_no_restart(void) {
  install_handler(0);
  futex_word = 0;
  struct run r = {.op = futex_wait, .release = futex_release};
  interrupt(&r, 0);
  printf("futex wait, no SA_RESTART: EINTR: %s\n", yes(interrupted(&r)));
  return interrupted(&r);
}

static int check_futex_timeout(void) {
  install_handler(SA_RESTART);
  futex_word = 0;
  struct run r = {.op = futex_wait_10s, .release = futex_release};
  interrupt(&r, 0);
  printf("futex wait with a timeout, SA_RESTART: EINTR: %s\n", yes(interrupted(&r)));
  return interrupted(&r);
}

static int check_nanosleep(void) {
  install_handler(SA_RESTART);
  struct run r = {.op = sleep_5s, .release = no_release};
  interrupt(&r, 0);
  printf("nanosleep, SA_RESTART: EINTR: %s\n", yes(interrupted(&r)));
  const int rem_ok = (nanosleep_rem.tv_sec > 0 || nanosleep_rem.tv_nsec > 0) &&
                     (nanosleep_rem.tv_sec < 5 || (nanosleep_rem.tv_sec == 5 && nanosleep_rem.tv_nsec == 0));
  printf("nanosleep remaining time in (0, 5 s]: %s\n", yes(rem_ok));
  return interrupted(&r) && rem_ok;
}

static int check_epoll(void) {
  install_handler(SA_RESTART);
  epoll_fd = epoll_create1(0);
  struct run r = {.op = epoll_wait_forever, .release = epoll_release};
  interrupt(&r, 0);
  printf("epoll_wait, SA_RESTART: EINTR: %s\n", yes(interrupted(&r)));
  return interrupted(&r);
}

static int check_select(void) {
  install_handler(SA_RESTART);
  if (pipe(pipe_fds) != 0) return 0;
  struct run r = {.op = select_pipe, .release = pipe_release};
  interrupt(&r, 0);
  printf("select, SA_RESTART: EINTR: %s\n", yes(interrupted(&r)));
  return interrupted(&r);
}

static int check_sigsuspend(void) {
  install_handler(SA_RESTART);
  struct run r = {.op = suspend_unblocking_usr1, .release = signal_again};
  interrupt(&r, 0);
  printf("sigsuspend: EINTR after the handler: %s\n", yes(interrupted(&r)));
  printf("sigsuspend put the old mask back: %s\n", yes(sigsuspend_mask_ok));
  return interrupted(&r) && sigsuspend_mask_ok;
}

static int check_pause(void) {
  install_handler(SA_RESTART);
  struct run r = {.op = do_pause, .release = signal_again};
  interrupt(&r, 0);
  printf("pause: EINTR after the handler: %s\n", yes(interrupted(&r)));
  return interrupted(&r);
}

int main(void) {
  int ok = check_futex_restart();
  ok &= check_futex_no_restart();
  ok &= check_futex_timeout();
  ok &= check_nanosleep();
  ok &= check_epoll();
  ok &= check_select();
  ok &= check_sigsuspend();
  ok &= check_pause();
  if (!ok) {
    puts("sa_restart FAILED");
    return 1;
  }
  puts("sa_restart ok");
  return 0;
}
