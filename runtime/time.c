/*
 * Timers, after the Go 1.1 runtime (time.goc): a timer holds a func value, and the
 * timer goroutine calls it with (now, arg) once its time has come. The goroutine
 * starts with the first timer and exits when none is left; while nothing else can
 * run it sleeps until the next one is due.
 */
#include "internal.h"

enum { CLOCK_MONOTONIC = 1 };

static Timer *timers; /* by `when`, earliest first; equal times in start order */
static int timerproc_running;

static int64_t monotonic(void) {
  struct { long sec, nsec; } ts; /* the arch's struct timespec (long fields) */
  sys_clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.sec * 1000000000 + ts.nsec;
}

/* From the first call on, so that times fit a 32-bit word for 4 s: timer callbacks
 * get `now` as a word argument. */
int64_t fv_nanotime(void) {
  static int64_t origin;
  if (!origin) origin = monotonic() - 1;
  return monotonic() - origin;
}

static void sleep_until(int64_t when) {
  const int64_t ns = when - fv_nanotime();
  if (ns <= 0) return;
  struct { long sec, nsec; } req = {(long)(ns / 1000000000), (long)(ns % 1000000000)};
  sys_nanosleep(&req, 0);
}

FV_FUNC(timerproc) {
  for (;;) {
    int64_t now = fv_nanotime();
    while (timers && timers->when <= now) {
      Timer *t = timers;
      timers = t->next;
      fv_call(t->fn, (word)now, t->arg);
      now = fv_nanotime();
    }
    if (!timers) break;
    if (fv_others_runnable()) fv_gosched();
    else sleep_until(timers->when);
  }
  timerproc_running = 0;
  return 0;
}

static const FuncVal timerproc_fv = {timerproc};

void fv_timer_start(Timer *t) {
  Timer **p = &timers;
  while (*p && (*p)->when <= t->when) p = &(*p)->next;
  t->next = *p;
  *p = t;
  if (!timerproc_running) {
    timerproc_running = 1;
    FV_GO(&timerproc_fv, 0, 0);
  }
}

/* Sleeping: a timer whose callback, a closure over the sleeping G, makes it ready. */
FV_FUNC(ready_sleeper) {
  fv_ready((G *)((Closure *)self)->data[0]);
  return 0;
}

void fv_sleep(int64_t ns) {
  Closure *wake = fv_closure(ready_sleeper, 1);
  wake->data[0] = (word)fv_curg();
  Timer t = {fv_nanotime() + ns, &wake->fv, 0, 0};
  fv_timer_start(&t);
  fv_park();
  fv_free(wake, sizeof(Closure) + sizeof(word));
}
