//! exit: 2
//! stdout: recover outside a panic returns 0: yes
//! stdout: panicking with 7
//! stdout: deferred in inner: 3
//! stdout: deferred in inner: 2
//! stdout: deferred closure in middle sees 31
//! stdout: deferred in middle: 1
//! stdout: deferred in main: 0
//! stdout: every deferred call ran, newest first: yes
//! stdout: no statement after a panic call ran: yes
//! stdout: panic_unrecovered ok
//! stdout: panic: 7 [recovered=false] goroutine 1

/*
 * A panic nobody recovers, as in the Go 1.1 runtime (panic.c runtime·panic): every
 * deferred call of every frame on the goroutine still runs, newest first, and only
 * when none is left does the runtime print the panic and exit with status 2 (Go
 * prints "panic: " and the value, then the goroutine; fvrt: "panic: 7
 * [recovered=false] goroutine 1").
 *
 * The panic crosses three deferring frames (main, middle, inner), one of them entered
 * through a func-value call; one deferred call is a closure reading a captured
 * variable changed after the defer (it sees the new value). The deferred call that
 * main made first runs last: it checks the order of everything before it and prints
 * the "ok" line, and the runtime's panic line must come after it.
 */
#include "fvrt.h"

static word trace[16];
static int ntrace;
static volatile int after_panic;

FV_FUNC(print_deferred) {
  fv_printf("deferred in %s: %u\n", (const char *)b, a);
  if (ntrace < 16) trace[ntrace] = a;
  ntrace++;
  return 0;
}
static const FuncVal print_fv = {print_deferred};

/* func() { print(*p) } over middle's local */
FV_FUNC(print_captured) {
  const word v = *(volatile word *)((Closure *)self)->data[0];
  fv_printf("deferred closure in middle sees %u\n", v);
  if (ntrace < 16) trace[ntrace] = v;
  ntrace++;
  return 0;
}

/* The last deferred call of all: main's. It checks what ran before it. */
FV_FUNC(final_check) {
  print_deferred_body(self, 0, (word) "main");
  const word want[] = {3, 2, 31, 1, 0};
  int ok = ntrace == 5;
  for (int i = 0; ok && i < 5; i++) ok = trace[i] == want[i];
  fv_check(ok, "every deferred call ran, newest first");
  fv_check(!after_panic, "no statement after a panic call ran");
  fv_print("panic_unrecovered ok\n");
  return 0;
}
static const FuncVal final_check_fv = {final_check};

static word inner(void) {
  if (FV_DEFER(&print_fv, 2, "inner")) goto out;
  if (FV_DEFER(&print_fv, 3, "inner")) goto out;
  fv_print("panicking with 7\n");
  fv_panic(7);
  after_panic = 1;
out:
  FV_DEFERRETURN();
  return 0;
}

FV_FUNC(inner_fv_body) { return inner(); }
static const FuncVal inner_fv = {inner_fv_body};

static word middle(void) {
  volatile word local = 30;
  Closure *c = fv_closure(print_captured, 1);
  c->data[0] = (word)&local;
  if (FV_DEFER(&print_fv, 1, "middle")) goto out;
  if (FV_DEFER(&c->fv, 0, 0)) goto out;
  local = 31;
  fv_call(&inner_fv, 0, 0);
  after_panic = 2;
out:
  FV_DEFERRETURN();
  return 0;
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;
  fv_check(fv_recover() == 0, "recover outside a panic returns 0");
  if (FV_DEFER(&final_check_fv, 0, 0)) goto out;
  middle();
  after_panic = 3;
out:
  FV_DEFERRETURN();
  return 0;
}
