//! exit: 0
//! stdout: frame size 0: the result is word 0: yes
//! stdout: frame size 0: the words after it are untouched: yes
//! stdout: frame size 1 word: the argument reaches the call, the result is word 1: yes
//! stdout: frame size 1 word: the argument and the words after the result are untouched: yes
//! stdout: frame size 2 words: both arguments reach the call, the result is word 2: yes
//! stdout: frame size 2 words: the arguments and the words after the result are untouched: yes
//! stdout: static func value: it sees itself as self: yes
//! stdout: data closure: captured words and self: yes
//! stdout: data closure with frame sizes 0, 1 and 2: yes
//! stdout: generated-code closure with frame sizes 0, 1 and 2: yes
//! stdout: reflectcall inside a function called by reflectcall: yes
//! stdout: a panic through reflectcall, recovered by its caller: yes
//! stdout: fv_cgocallback: a raw code pointer wrapped in a func value: yes
//! stdout: fv_cgocallback: the func value's word 0 is that code pointer: yes
//! stdout: fv_cgocallback into a function that defers: yes
//! stdout: fv_cgocallback into a function that calls a closure: yes
//! stdout: reflectcall ok

/*
 * reflectcall, after the Go 1.1 runtime (asm_*.s reflect·call): the callee is a func
 * value, put into the context register and called through word 0, with its arguments
 * copied from an argument frame of `size` bytes; the result comes back in the frame,
 * in the word after the arguments. The runtime itself used it for deferred calls in a
 * panic and for finalizers, and reflect.Value.Call for everything else; cgo's callback
 * (cgocall.c cgocallbackg, 2013) received a raw code pointer from C and wrapped it in
 * a FuncVal on the stack to call it this way.
 *
 * Covered: frame sizes 0, one word and two words, with sentinels to show the result
 * lands in the word after the arguments and nowhere else; static func values, data
 * closures and generated-code closures as callees (each checks `self` or its captured
 * words, so a stale context register shows); reflectcall nested in a callee; a panic
 * unwinding through reflectcall to a recovering caller; fv_cgocallback with a raw
 * code pointer (an FV_FUNC's entry, as a C function pointer), including callbacks that
 * defer and that call closures.
 */
#include "fvrt.h"

enum { SENT = 0x5e5e5e5e };

/* func() int { return 77 } */
FV_FUNC(no_args) { return 77; }
static const FuncVal no_args_fv = {no_args};

/* func(a) int { return 3*a + 1 } */
FV_FUNC(one_arg) { return 3 * a + 1; }
static const FuncVal one_arg_fv = {one_arg};

/* func(a, b) int { return 100*a + b } */
FV_FUNC(two_args) { return 100 * a + b; }
static const FuncVal two_args_fv = {two_args};

FV_FUNC(self_of) { return (word)self; }
static const FuncVal self_of_fv = {self_of};

/* Data closures: func() int { return k }, func(a) int { return a*k }, func(a, b) int { return a*k + b + j } */
FV_FUNC(cl0) { return ((Closure *)self)->data[0]; }
FV_FUNC(cl1) { return a * ((Closure *)self)->data[0]; }
FV_FUNC(cl2) { return a * ((Closure *)self)->data[0] + b + ((Closure *)self)->data[1]; }
/* func(a, b) int { return (self == me) ? a + b + k : 0 } */
FV_FUNC(cl_self) {
  const Closure *c = (const Closure *)self;
  return c->data[1] == (word)c ? a + b + c->data[0] : 0;
}

/* Generated closures: the captured word arrives as the second argument. */
static word gen_captured(word a, word captured) {
  (void)a;
  return captured;
}
static word gen_scaled(word a, word captured) { return a * 1000 + captured; }

/* func(a, b) int { frame := {a, b}; reflectcall(f, frame); return frame[2] + 1 } */
FV_FUNC(reflect_again) {
  word frame[3] = {a, b, SENT};
  reflectcall((const FuncVal *)((Closure *)self)->data[0], frame, 2 * sizeof(word));
  return frame[2] + 1;
}

static word trace[16];
static int ntrace;
static void note(word v) {
  if (ntrace < 16) trace[ntrace] = v;
  ntrace++;
}

FV_FUNC(panicker) { fv_panic(a + b); }
static const FuncVal panicker_fv = {panicker};
FV_FUNC(recoverer) {
  note(1000 + fv_recover());
  return 0;
}
static const FuncVal recoverer_fv = {recoverer};
FV_FUNC(note_a) {
  note(a);
  return 0;
}
static const FuncVal note_fv = {note_a};

static word panic_through_reflectcall(void) {
  volatile word frame[3] = {40, 2, SENT};
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  reflectcall(&panicker_fv, (word *)frame, 2 * sizeof(word));
  note(999); /* never */
out:
  FV_DEFERRETURN();
  return frame[2];
}

/* The cgo-exported functions: entered with a FuncVal built on fv_cgocallback's stack. */
FV_FUNC(exported) { return a - b; }
FV_FUNC(exported_fn_word) { return self->fn == (void (*)(void))exported_fn_word; }
FV_FUNC(exported_defers) {
  if (FV_DEFER(&note_fv, a, 0)) goto out;
  if (FV_DEFER(&note_fv, b, 0)) goto out;
  note(a + b);
out:
  FV_DEFERRETURN();
  return a * b;
}
static Closure *callback_closure;
FV_FUNC(exported_calls_closure) { return fv_call(&callback_closure->fv, a, b) + 1; }

static int frame_is(const word *f, int n, const word *want) {
  for (int i = 0; i < n; i++)
    if (f[i] != want[i]) {
      fv_printf("frame[%u] = %x, want %x\n", (word)i, f[i], want[i]);
      return 0;
    }
  return 1;
}

/* reflectcall(fn, frame of nargs words): the result word, after checking the rest. */
static int calls_ok = 1;
static word call_n(const FuncVal *fn, int nargs, word a, word b) {
  word frame[5] = {a, b, SENT, SENT, SENT};
  if (nargs < 2) frame[1] = SENT;
  if (nargs < 1) frame[0] = SENT;
  reflectcall(fn, frame, (word)nargs * sizeof(word));
  for (int i = 0; i < 5; i++) {
    const word want = i == nargs ? frame[i] : i >= nargs ? SENT : i == 0 ? a : b;
    if (frame[i] != want) calls_ok = 0;
  }
  return frame[nargs];
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;

  word f0[4] = {SENT, SENT, SENT, SENT};
  reflectcall(&no_args_fv, f0, 0);
  fv_check(f0[0] == 77, "frame size 0: the result is word 0");
  fv_check(frame_is(f0 + 1, 3, (const word[]){SENT, SENT, SENT}), "frame size 0: the words after it are untouched");

  word f1[4] = {13, SENT, SENT, SENT};
  reflectcall(&one_arg_fv, f1, sizeof(word));
  fv_check(f1[1] == 40, "frame size 1 word: the argument reaches the call, the result is word 1");
  fv_check(f1[0] == 13 && frame_is(f1 + 2, 2, (const word[]){SENT, SENT}),
           "frame size 1 word: the argument and the words after the result are untouched");

  word f2[5] = {4, 2, SENT, SENT, SENT};
  reflectcall(&two_args_fv, f2, 2 * sizeof(word));
  fv_check(f2[2] == 402, "frame size 2 words: both arguments reach the call, the result is word 2");
  fv_check(f2[0] == 4 && f2[1] == 2 && frame_is(f2 + 3, 2, (const word[]){SENT, SENT}),
           "frame size 2 words: the arguments and the words after the result are untouched");

  fv_check(call_n(&self_of_fv, 0, 0, 0) == (word)&self_of_fv && call_n(&self_of_fv, 2, 1, 2) == (word)&self_of_fv,
           "static func value: it sees itself as self");

  Closure *cs = fv_closure(cl_self, 2);
  cs->data[0] = 1000;
  cs->data[1] = (word)cs;
  fv_check(call_n(&cs->fv, 2, 3, 4) == 1007, "data closure: captured words and self");

  Closure *c0 = fv_closure(cl0, 1), *c1 = fv_closure(cl1, 1), *c2 = fv_closure(cl2, 2);
  c0->data[0] = 11;
  c1->data[0] = 12;
  c2->data[0] = 13;
  c2->data[1] = 5000;
  calls_ok = 1;
  int ok = call_n(&c0->fv, 0, 0, 0) == 11 && call_n(&c1->fv, 1, 2, 0) == 24 && call_n(&c2->fv, 2, 2, 3) == 5029;
  fv_check(ok && calls_ok, "data closure with frame sizes 0, 1 and 2");

  FuncVal *g0 = fv_closure_code(gen_captured, 21);
  FuncVal *g1 = fv_closure_code(gen_scaled, 22);
  FuncVal *g2 = fv_closure_code(gen_scaled, 23);
  calls_ok = 1;
  ok = call_n(g0, 0, 0, 0) == 21 && call_n(g1, 1, 5, 0) == 5022 && call_n(g2, 2, 6, 999) == 6023;
  fv_check(ok && calls_ok, "generated-code closure with frame sizes 0, 1 and 2");

  Closure *again = fv_closure(reflect_again, 1);
  again->data[0] = (word)&c2->fv;
  Closure *again2 = fv_closure(reflect_again, 1);
  again2->data[0] = (word)&again->fv;
  calls_ok = 1;
  ok = call_n(&again->fv, 2, 2, 3) == 5030 && call_n(&again2->fv, 2, 2, 3) == 5031;
  fv_check(ok && calls_ok, "reflectcall inside a function called by reflectcall");

  const word pr = panic_through_reflectcall();
  fv_check(ntrace == 1 && trace[0] == 1042 && pr == SENT, "a panic through reflectcall, recovered by its caller");
  ntrace = 0;

  fv_check(fv_cgocallback((void (*)(void))exported, 10, 3) == 7,
           "fv_cgocallback: a raw code pointer wrapped in a func value");
  fv_check(fv_cgocallback((void (*)(void))exported_fn_word, 0, 0) == 1,
           "fv_cgocallback: the func value's word 0 is that code pointer");
  const word d = fv_cgocallback((void (*)(void))exported_defers, 6, 7);
  fv_check(d == 42 && ntrace == 3 && trace[0] == 13 && trace[1] == 7 && trace[2] == 6,
           "fv_cgocallback into a function that defers");
  ntrace = 0;
  callback_closure = c2;
  fv_check(fv_cgocallback((void (*)(void))exported_calls_closure, 1, 1) == 5015,
           "fv_cgocallback into a function that calls a closure");

  fv_print("reflectcall ok\n");
  return 0;
}
