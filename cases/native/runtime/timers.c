//! exit: 0
//! stdout: timers fire in deadline order, not start order: yes
//! stdout: each callback got its timer's arg as its second argument: yes
//! stdout: each callback got a time at or after its deadline as its first argument: yes
//! stdout: callbacks run on the timer goroutine, not on main: yes
//! stdout: equal deadlines fire in start order: yes
//! stdout: a callback starts another timer, which fires in its turn: yes
//! stdout: the started timers' deadlines were met: yes
//! stdout: a static func value as a timer callback: yes
//! stdout: sleeping goroutines wake in deadline order, with a timer among them: yes
//! stdout: every sleeper slept at least its time: yes
//! stdout: main sleeps while another goroutine keeps yielding: yes
//! stdout: timers ok

/*
 * Timers, after the Go 1.1 runtime (time.goc addtimer, timerproc): a timer holds a
 * func value and an argument word; the timer goroutine keeps the timers by deadline
 * and calls f(now, arg) through the func value for each one due, in deadline order,
 * timers with equal deadlines in the order they were added (fvrt inserts after equal
 * ones; Go's heap does not promise that, fvrt does). time.Sleep is a timer whose
 * callback readies the sleeping goroutine.
 *
 * Covered: four timers started out of order fire by deadline; the callback (a data
 * closure) gets the timer's arg as its second argument and a time at or past the
 * deadline as its first; it runs on the timer goroutine; equal deadlines keep start
 * order; a callback starting another timer (the timer goroutine picks it up); a
 * static func value as callback; fv_sleep in three goroutines (and a timer between
 * them) wakes them by deadline; main sleeping while another goroutine never stops
 * yielding. Every deadline whose order is checked is computed from one base time, and
 * anything noted is noted in the order the timers fire, so the order never depends on
 * how fast the program runs or how late the timer goroutine wakes (a late one fires
 * everything due in one pass, still by deadline). Times are 1-16 ms.
 */
#include "fvrt.h"

enum { MS = 1000000 };

#include "trace.h"

static Timer timers[16];
static int late_ok = 1, arg_ok = 1, on_timer_goroutine = 1;

/* A closure over a tag: func(now, i) { note(tag + i); check now >= timers[i].when } */
FV_FUNC(on_timer) {
  const word tag = ((Closure *)self)->data[0];
  note(tag + b);
  if ((int64_t)a < timers[b].when) late_ok = 0;
  if (timers[b].arg != b) arg_ok = 0;
  if (fv_goid() == 1) on_timer_goroutine = 0;
  return 0;
}

/* func(now, i) { note(i); start(next) }, next (its deadline set) captured. */
FV_FUNC(start_next) {
  Timer *next = (Timer *)((Closure *)self)->data[0];
  note(b);
  if ((int64_t)a < timers[b].when) late_ok = 0;
  if (next) fv_timer_start(next);
  return 0;
}

FV_FUNC(static_cb) {
  note(500 + b);
  return 0;
}
static const FuncVal static_cb_fv = {static_cb};

static void start(int i, int64_t when, const FuncVal *fn) {
  timers[i] = (Timer){when, fn, (word)i, 0};
  fv_timer_start(&timers[i]);
}

static int slept_ok = 1;
static int64_t sleep_base;

/* A sleeping goroutine: func(ms) { t := now(); d := base + ms - t; Sleep(d); check
 * slept d; note(ms) }. Sleeping until a deadline common to all sleepers, not for a
 * duration from its own start, keeps the order when the host delays one start. */
FV_FUNC(sleeper) {
  const int64_t t0 = fv_nanotime();
  const int64_t d = sleep_base + (int64_t)a * MS - t0;
  fv_sleep(d);
  if (fv_nanotime() - t0 < d) slept_ok = 0;
  note(a);
  return 0;
}
static const FuncVal sleeper_fv = {sleeper};

FV_FUNC(note_a) {
  note(a);
  return 0;
}
static const FuncVal note_fv = {note_a};

/* A timer among sleepers: its callback starts a goroutine, so that its note, like a
 * woken sleeper's, comes when that goroutine runs, in the order the timers fired. */
FV_FUNC(go_note) {
  FV_GO(&note_fv, 100 + b, 0);
  return 0;
}
static const FuncVal go_note_fv = {go_note};

static volatile int main_awake;
static word spins;
FV_FUNC(spinner) {
  while (!main_awake) {
    spins++;
    fv_gosched();
  }
  note(77);
  return 0;
}
static const FuncVal spinner_fv = {spinner};

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;

  Closure *cb = fv_closure(on_timer, 1);
  cb->data[0] = 100;
  int64_t base = fv_nanotime();
  start(0, base + 15 * MS, &cb->fv);
  start(1, base + 5 * MS, &cb->fv);
  start(2, base + 10 * MS, &cb->fv);
  start(3, base + 1 * MS, &cb->fv);
  fv_wait_goroutines(); /* the timer goroutine exits when no timer is left */
  fv_check(TRACE_IS(103, 101, 102, 100), "timers fire in deadline order, not start order");
  fv_check(arg_ok, "each callback got its timer's arg as its second argument");
  fv_check(late_ok, "each callback got a time at or after its deadline as its first argument");
  fv_check(on_timer_goroutine, "callbacks run on the timer goroutine, not on main");

  base = fv_nanotime();
  start(0, base + 3 * MS, &cb->fv);
  start(1, base + 3 * MS, &cb->fv);
  start(2, base + 1 * MS, &cb->fv);
  start(3, base + 3 * MS, &cb->fv);
  start(4, base + 8 * MS, &cb->fv);
  start(5, base + 3 * MS, &cb->fv);
  fv_wait_goroutines();
  fv_check(TRACE_IS(102, 100, 101, 103, 105, 104), "equal deadlines fire in start order");

  /* timers[0] at 1 ms starts timers[1] (3 ms), which starts timers[2] (5 ms); timers[3] at 15 ms. */
  Closure *c2 = fv_closure(start_next, 1), *c1 = fv_closure(start_next, 1), *c0 = fv_closure(start_next, 1);
  c2->data[0] = 0;
  c1->data[0] = (word)&timers[2];
  c0->data[0] = (word)&timers[1];
  late_ok = 1;
  base = fv_nanotime();
  timers[1] = (Timer){base + 3 * MS, &c1->fv, 1, 0};
  timers[2] = (Timer){base + 5 * MS, &c2->fv, 2, 0};
  start(3, base + 15 * MS, &cb->fv);
  start(0, base + 1 * MS, &c0->fv);
  fv_wait_goroutines();
  fv_check(TRACE_IS(0, 1, 2, 103), "a callback starts another timer, which fires in its turn");
  fv_check(late_ok, "the started timers' deadlines were met");

  base = fv_nanotime();
  start(0, base + 2 * MS, &static_cb_fv);
  start(1, base + 1 * MS, &static_cb_fv);
  fv_wait_goroutines();
  fv_check(TRACE_IS(501, 500), "a static func value as a timer callback");

  sleep_base = fv_nanotime();
  FV_GO(&sleeper_fv, 16, 0);
  FV_GO(&sleeper_fv, 4, 0);
  FV_GO(&sleeper_fv, 12, 0);
  start(6, sleep_base + 8 * MS, &go_note_fv);
  fv_wait_goroutines();
  fv_check(TRACE_IS(4, 106, 12, 16), "sleeping goroutines wake in deadline order, with a timer among them");
  fv_check(slept_ok, "every sleeper slept at least its time");

  FV_GO(&spinner_fv, 0, 0);
  const int64_t t0 = fv_nanotime();
  fv_sleep(3 * MS);
  const int slept = fv_nanotime() - t0 >= 3 * MS;
  main_awake = 1;
  note(1);
  fv_wait_goroutines();
  fv_check(slept && spins > 0 && TRACE_IS(1, 77), "main sleeps while another goroutine keeps yielding");

  fv_print("timers ok\n");
  return 0;
}
