//! exit: 0
//! stdout: recover outside a panic returns 0: yes
//! stdout: recover in a deferred call during a normal return returns 0: yes
//! stdout: recover returns the panic value: yes
//! stdout: the panicking body stops at the panic: yes
//! stdout: defers after the recoverer ran during the panic, the rest after recovery, LIFO: yes
//! stdout: the recovering function returns its result normally: yes
//! stdout: intermediate frames' defers run during the panic: yes
//! stdout: the frames between panic and recovery do not resume: yes
//! stdout: a second panic after a recovered one also recovers: yes
//! stdout: ten panics in a row, each recovered with its own value: yes
//! stdout: three nested deferring functions, recover in the outermost: yes
//! stdout: recover in a generated-code closure: yes
//! stdout: a deferred call panicking during a normal return is recovered by an older defer: yes
//! stdout: a panic inside a deferred call, recovered there; the first panic goes on: yes
//! stdout: a panic in a deferred call during a panic, recovered by an older frame: yes
//! stdout: after that, recover outside a panic returns 0 again: yes
//! stdout: and a deferred recover during a normal return returns 0: yes
//! stdout: panic ok

/*
 * panic and recover, after the Go 1.1 runtime (panic.c runtime·panic, runtime·recover,
 * recovery): panic takes the goroutine's deferred calls one at a time, newest first,
 * across frames, and runs each through reflectcall; when one of them has called
 * recover, the panic ends and the frame that deferred that call resumes as if its
 * deferproc had returned 1 (the `goto out` of the FV_DEFER pattern), so that its
 * remaining deferred calls run at its exit and it returns normally.
 *
 * Covered: recover outside a panic, and in a deferred call run by a normal return,
 * returns nothing (0); recover's value; the deferred calls newer than the recovering
 * one run during the panic and the older ones of the recovering frame at its exit;
 * defers of intermediate frames (reached through a func-value call) run during the
 * panic and those frames never resume; panics again after a recovered one; three
 * nested deferring functions; a generated-code closure as the recoverer; a deferred
 * call that panics during a normal return; a panic inside a deferred call run by a
 * panic, recovered inside it (Go: the first panic then continues); one recovered by an
 * older frame instead (Go: the first panic is aborted, and a later recover outside a
 * panic must again return nothing). Some deferred calls are data closures, so that a
 * deferred call entered without its func value in the context register reads the
 * wrong captured word.
 */
#include "fvrt.h"

#include "trace.h"

FV_FUNC(note_a) {
  note(a);
  return 0;
}
static const FuncVal note_fv = {note_a};

/* func() { note(k + a) }, k captured: a wrong context register shows as a wrong note. */
FV_FUNC(note_captured) {
  note(((Closure *)self)->data[0] + a);
  return 0;
}
static Closure *note_k(word k) {
  Closure *c = fv_closure(note_captured, 1);
  c->data[0] = k;
  return c;
}

/* func() { note(1000 + recover()) } */
FV_FUNC(recoverer) {
  note(1000 + fv_recover());
  return 0;
}
static const FuncVal recoverer_fv = {recoverer};

/* func(v) { panic(v) } */
FV_FUNC(panicker) { fv_panic(a); }
static const FuncVal panicker_fv = {panicker};

static volatile int reached_after_panic;

static word recover_value(word v) {
  volatile word r = 1;
  if (FV_DEFER(&note_fv, 1, 0)) goto out;
  if (FV_DEFER(&note_fv, 2, 0)) goto out;
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  if (FV_DEFER(&note_k(1)->fv, 2, 0)) goto out; /* note(3) */
  r = v + 5;
  fv_panic(v);
  reached_after_panic = 1;
  r = 0;
out:
  FV_DEFERRETURN();
  return r;
}

static word deferred_recover_no_panic(void) {
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  note(7);
out:
  FV_DEFERRETURN();
  return 0;
}

/* The leaf, called through a func value: it defers and panics. */
FV_FUNC(leaf) {
  if (FV_DEFER(&note_fv, 30, 0)) goto out;
  fv_panic(a);
out:
  FV_DEFERRETURN();
  return 0;
}

static volatile int middle_resumed, outer_resumed;

static word middle(word v) {
  Closure *c = fv_closure(leaf, 0);
  if (FV_DEFER(&note_fv, 20, 0)) goto out;
  if (FV_DEFER(&note_k(20)->fv, 1, 0)) goto out; /* note(21) */
  fv_call(&c->fv, v, 0);
  middle_resumed = 1;
out:
  FV_DEFERRETURN();
  return 0;
}

static word outer(word v) {
  volatile word r = 3;
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  middle(v);
  outer_resumed = 1;
  r = 4;
out:
  FV_DEFERRETURN();
  return r;
}

static word l3(void) {
  if (FV_DEFER(&note_fv, 3, 0)) goto out;
  fv_panic(77);
out:
  FV_DEFERRETURN();
  return 0;
}
static word l2(void) {
  if (FV_DEFER(&note_fv, 2, 0)) goto out;
  l3();
  note(202);
out:
  FV_DEFERRETURN();
  return 0;
}
static word l1(void) {
  if (FV_DEFER(&note_fv, 1, 0)) goto out;
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  l2();
  note(101);
out:
  FV_DEFERRETURN();
  return 0;
}

static word gen_recover(word a, word captured) {
  note(a + captured + fv_recover());
  return 0;
}

static word gen_recoverer(void) {
  FuncVal *g = fv_closure_code(gen_recover, 500);
  if (FV_DEFER(g, 20000, 0)) goto out; /* 20000 + 500 + 33 */
  fv_panic(33);
out:
  FV_DEFERRETURN();
  fv_closure_code_free(g);
  return 0;
}

static word panic_in_deferreturn(void) {
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  if (FV_DEFER(&panicker_fv, 55, 0)) goto out;
  note(0);
out:
  FV_DEFERRETURN();
  return 9;
}

/* func(v) { defer func() { note(1000 + recover()) }(); panic(v) } */
FV_FUNC(panics_and_recovers) {
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  fv_panic(a);
out:
  FV_DEFERRETURN();
  return 0;
}
static const FuncVal panics_and_recovers_fv = {panics_and_recovers};

static word inner_panic_recovered_inside(void) {
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  if (FV_DEFER(&note_fv, 4, 0)) goto out;
  if (FV_DEFER(&panics_and_recovers_fv, 2, 0)) goto out;
  fv_panic(1);
out:
  FV_DEFERRETURN();
  return 0;
}

static word aborts_first_panic(void) {
  if (FV_DEFER(&note_fv, 5, 0)) goto out;
  if (FV_DEFER(&panicker_fv, 2, 0)) goto out; /* panic(2) while panic(1) runs it */
  fv_panic(1);
out:
  FV_DEFERRETURN();
  return 0;
}
static word recovers_second_panic(void) {
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  aborts_first_panic();
out:
  FV_DEFERRETURN();
  return 0;
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;

  fv_check(fv_recover() == 0, "recover outside a panic returns 0");
  deferred_recover_no_panic();
  fv_check(TRACE_IS(7, 1000), "recover in a deferred call during a normal return returns 0");

  const word r = recover_value(42);
  const int recovered_42 = ntrace >= 2 && trace[1] == 1042;
  fv_check(recovered_42, "recover returns the panic value");
  fv_check(!reached_after_panic, "the panicking body stops at the panic");
  fv_check(TRACE_IS(3, 1042, 2, 1), "defers after the recoverer ran during the panic, the rest after recovery, LIFO");
  fv_check(r == 47, "the recovering function returns its result normally");

  const word o = outer(9);
  fv_check(TRACE_IS(30, 21, 20, 1009) && o == 3, "intermediate frames' defers run during the panic");
  fv_check(!middle_resumed && !outer_resumed, "the frames between panic and recovery do not resume");

  const word r2 = recover_value(43);
  fv_check(TRACE_IS(3, 1043, 2, 1) && r2 == 48, "a second panic after a recovered one also recovers");

  int ok = 1;
  for (word i = 1; i <= 10; i++) {
    ok &= recover_value(i * 11) == i * 11 + 5;
    ok &= TRACE_IS(3, 1000 + i * 11, 2, 1);
  }
  fv_check(ok && !reached_after_panic, "ten panics in a row, each recovered with its own value");

  l1();
  fv_check(TRACE_IS(3, 2, 1077, 1), "three nested deferring functions, recover in the outermost");

  gen_recoverer();
  fv_check(TRACE_IS(20533), "recover in a generated-code closure");

  const word p = panic_in_deferreturn();
  fv_check(TRACE_IS(0, 1055) && p == 9,
           "a deferred call panicking during a normal return is recovered by an older defer");

  inner_panic_recovered_inside();
  fv_check(TRACE_IS(1002, 4, 1001), "a panic inside a deferred call, recovered there; the first panic goes on");

  recovers_second_panic();
  fv_check(TRACE_IS(5, 1002), "a panic in a deferred call during a panic, recovered by an older frame");
  fv_check(fv_recover() == 0, "after that, recover outside a panic returns 0 again");
  deferred_recover_no_panic();
  fv_check(TRACE_IS(7, 1000), "and a deferred recover during a normal return returns 0");

  fv_print("panic ok\n");
  return 0;
}
