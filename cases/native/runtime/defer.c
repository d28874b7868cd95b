//! exit: 0
//! stdout: three defers run last in, first out, after the body: yes
//! stdout: deferred arguments are evaluated at defer time: yes
//! stdout: deferred closure reads the captured variable's value at exit: yes
//! stdout: ten defers in a loop run in reverse: yes
//! stdout: nested deferring functions each run their own defers at their own exit: yes
//! stdout: return value survives deferreturn re-entering the frame: yes
//! stdout: deferred calls that return words do not change the result: yes
//! stdout: a deferred call that itself defers: yes
//! stdout: recursion, each level's defers at that level's exit: yes
//! stdout: deferred static func value and generated closure: yes
//! stdout: no defers left on the goroutine: yes
//! stdout: a function with no defers still calls deferreturn safely: yes
//! stdout: defer ok

/*
 * defer, after the Go 1.1 runtime (panic.c deferproc/deferreturn, asm jmpdefer):
 * deferproc records the func value and its argument words, evaluated then, with the
 * caller's stack pointer; at exit deferreturn runs the calls recorded for that frame,
 * newest first, through jmpdefer, which backs the return address up over the
 * `call deferreturn` and jumps through word 0 of the deferred func value with the func
 * value in the context register, so every deferred call returns into the caller's
 * `call deferreturn` again until none is left for the frame.
 *
 * Covered: LIFO order; arguments evaluated at defer time (Go: `defer f(x)` copies x
 * then) against a deferred closure over the variable (Go: `defer func() { use(x) }()`
 * sees x at exit); 10 defers from a loop in one frame; deferring functions calling
 * deferring functions (each frame gets only its own, by stack pointer); the result,
 * computed before `out:`, unchanged by the re-entries even when the deferred calls
 * return words of their own; a deferred call that defers (its own frame, its own
 * exit); recursion 6 deep, each level deferring; deferred static FuncVal and
 * generated-code closure.
 */
#include "fvrt.h"

#include "trace.h"

/* func note2(a, b) { note(a); note(b) }, returning a word nobody uses */
FV_FUNC(note_ab) {
  note(a);
  if (b) note(b);
  return 0xdead;
}
static const FuncVal note_ab_fv = {note_ab};

/* func() { note(*p + k) }: a closure over a variable (p) and a constant (k). */
FV_FUNC(note_ptr) {
  const word *d = ((Closure *)self)->data;
  note(*(volatile word *)d[0] + d[1]);
  return 0xbeef;
}

static word three(void) {
  if (FV_DEFER(&note_ab_fv, 1, 0)) goto out;
  if (FV_DEFER(&note_ab_fv, 2, 0)) goto out;
  if (FV_DEFER(&note_ab_fv, 3, 0)) goto out;
  note(100);
out:
  FV_DEFERRETURN();
  return 0;
}

static word at_defer_time(void) {
  volatile word x = 5;
  Closure *c = fv_closure(note_ptr, 2);
  c->data[0] = (word)&x;
  c->data[1] = 1000;
  if (FV_DEFER(&c->fv, 0, 0)) goto out;   /* reads x at exit: 1009 */
  if (FV_DEFER(&note_ab_fv, x, 0)) goto out; /* x now: 5 */
  x = 7;
  if (FV_DEFER(&note_ab_fv, x, x + 1)) goto out; /* 7 8 */
  x = 9;
out:
  FV_DEFERRETURN();
  return x;
}

static word loop10(void) {
  for (volatile word i = 0; i < 10; i++)
    if (FV_DEFER(&note_ab_fv, i + 1, 0)) goto out;
  note(100);
out:
  FV_DEFERRETURN();
  return 0;
}

static word inner(word k) {
  if (FV_DEFER(&note_ab_fv, k + 1, 0)) goto out;
  if (FV_DEFER(&note_ab_fv, k + 2, 0)) goto out;
  note(k);
out:
  FV_DEFERRETURN();
  return k;
}

static word outer(void) {
  volatile word r = 0;
  if (FV_DEFER(&note_ab_fv, 1, 0)) goto out;
  r += inner(10);
  if (FV_DEFER(&note_ab_fv, 2, 0)) goto out;
  r += inner(20);
  note(99);
out:
  FV_DEFERRETURN();
  return r;
}

/* The result, computed in the body, returned after three re-entries of the frame. */
static word result_kept(word seed) {
  word r = seed * 3 + 1; /* not volatile: set before any deferproc, never changed */
  Closure *c = fv_closure(note_ptr, 2);
  c->data[0] = (word)&r;
  c->data[1] = 0;
  if (FV_DEFER(&note_ab_fv, 1, 0)) goto out;
  if (FV_DEFER(&c->fv, 0, 0)) goto out;
  if (FV_DEFER(&note_ab_fv, 2, 0)) goto out;
out:
  FV_DEFERRETURN();
  return r;
}

static word result_volatile(word seed) {
  volatile word r = 0;
  if (FV_DEFER(&note_ab_fv, 1, 0)) goto out;
  if (FV_DEFER(&note_ab_fv, 2, 0)) goto out;
  r = seed * 7;
out:
  FV_DEFERRETURN();
  return r + 1;
}

/* A deferred call that defers: func() { defer note(b); note(a) } */
FV_FUNC(defers_too) {
  if (FV_DEFER(&note_ab_fv, b, 0)) goto out;
  if (FV_DEFER(&note_ab_fv, b + 1, 0)) goto out;
  note(a);
out:
  FV_DEFERRETURN();
  return 0;
}
static const FuncVal defers_too_fv = {defers_too};

static word defer_in_defer(void) {
  if (FV_DEFER(&note_ab_fv, 1, 0)) goto out;
  if (FV_DEFER(&defers_too_fv, 2, 3)) goto out; /* runs: note 2, then its own defers 4, 3 */
  if (FV_DEFER(&note_ab_fv, 5, 0)) goto out;
out:
  FV_DEFERRETURN();
  return 0;
}

static word recurse(word depth) {
  volatile word r = depth;
  if (FV_DEFER(&note_ab_fv, 100 + depth, 0)) goto out;
  if (depth > 0) r += recurse(depth - 1);
  note(depth);
  if (FV_DEFER(&note_ab_fv, 200 + depth, 0)) goto out;
out:
  FV_DEFERRETURN();
  return r;
}

static word gen_note(word a, word captured) {
  note(a + captured);
  return 0;
}

static word mixed_kinds(void) {
  FuncVal *g = fv_closure_code(gen_note, 50);
  if (FV_DEFER(&note_ab_fv, 1, 0)) goto out;
  if (FV_DEFER(g, 2, 0)) goto out; /* 52 */
  if (FV_DEFER(&note_ab_fv, 3, 4)) goto out;
  if (FV_DEFER(g, 5, 0)) goto out; /* 55 */
out:
  FV_DEFERRETURN();
  return 0;
}

static word no_defers(word x) {
  /* deferreturn with nothing deferred: returns at once. */
  FV_DEFERRETURN();
  return x + 1;
}

/* Reports whether deferreturn finds anything left: it should not, at top level. */
FV_FUNC(recover_probe) { return fv_recover(); }
static const FuncVal recover_probe_fv = {recover_probe};

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;

  three();
  fv_check(TRACE_IS(100, 3, 2, 1), "three defers run last in, first out, after the body");

  const word x = at_defer_time();
  const int closure_saw_exit_value = ntrace == 4 && trace[3] == 1009;
  ntrace = 3;
  fv_check(TRACE_IS(7, 8, 5) && x == 9, "deferred arguments are evaluated at defer time");
  fv_check(closure_saw_exit_value, "deferred closure reads the captured variable's value at exit");

  loop10();
  fv_check(TRACE_IS(100, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1), "ten defers in a loop run in reverse");

  const word o = outer();
  fv_check(TRACE_IS(10, 12, 11, 20, 22, 21, 99, 2, 1) && o == 30,
           "nested deferring functions each run their own defers at their own exit");

  int ok = 1;
  for (word s = 0; s < 20; s++) {
    ok &= result_kept(s) == s * 3 + 1;
    ok &= TRACE_IS(2, s * 3 + 1, 1);
  }
  fv_check(ok, "return value survives deferreturn re-entering the frame");
  ok = 1;
  for (word s = 0; s < 20; s++) {
    ok &= result_volatile(s) == s * 7 + 1;
    ok &= TRACE_IS(2, 1);
  }
  fv_check(ok, "deferred calls that return words do not change the result");

  defer_in_defer();
  fv_check(TRACE_IS(5, 2, 4, 3, 1), "a deferred call that itself defers");

  const word r = recurse(5);
  fv_check(TRACE_IS(0, 200, 100, 1, 201, 101, 2, 202, 102, 3, 203, 103, 4, 204, 104, 5, 205, 105) && r == 15,
           "recursion, each level's defers at that level's exit");

  mixed_kinds();
  fv_check(TRACE_IS(55, 3, 4, 52, 1), "deferred static func value and generated closure");

  /* Nothing was left deferred: a call that defers nothing, then deferreturn at this
   * level, must not run anything. */
  FV_DEFERRETURN();
  fv_check(ntrace == 0 && fv_call(&recover_probe_fv, 0, 0) == 0, "no defers left on the goroutine");
  fv_check(no_defers(41) == 42 && ntrace == 0, "a function with no defers still calls deferreturn safely");

  fv_print("defer ok\n");
  return 0;
}
