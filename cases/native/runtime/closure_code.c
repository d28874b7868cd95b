//! exit: 0
//! stdout: five generated closures live at once, each its own captured word: yes
//! stdout: called again in reverse order: yes
//! stdout: 100 generated closures created and called: yes
//! stdout: 100 generated closures called again after all were made: yes
//! stdout: freed closure's memory is reused for the next one: yes
//! stdout: the reused trampoline returns the new captured word: yes
//! stdout: its neighbours are untouched: yes
//! stdout: free and recreate 50 times: same memory every time: yes
//! stdout: free and recreate 50 times: every call sees the new word: yes
//! stdout: a generated closure capturing a pointer updates the pointee: yes
//! stdout: generated and data closures mixed in one array: yes
//! stdout: mixed array, second round after reusing a trampoline: yes
//! stdout: closure_code ok

/*
 * Closures as generated code (fvrt.h fv_closure_code), the way the Go runtime built
 * them until the func-value change (golang/go 9f64728, 1903ad7): runtime.closure()
 * wrote a small trampoline into executable heap memory that loads the captured data
 * and jumps to the function, and the func value is a word holding the trampoline's
 * address. Freed heap memory came back for the next closure, so the same address was
 * rewritten with different code (different immediates) and run again: a translator
 * that caches translated code must notice, or the new closure runs the old one's
 * captured word.
 *
 * Covered: several trampolines live at once; 100 made and called; one freed and a new
 * one made in the same memory (the allocator hands back the last block freed, so
 * new == old) whose call must return the NEW captured word, 50 times over with
 * different words; a generated closure over a pointer; generated and data closures
 * called alike from one array of func values.
 */
#include "fvrt.h"

/* The closed-over function: plain C, the captured word as its second argument. */
static word scaled(word a, word captured) { return a * 1000 + captured; }

/* func(n) { *p += n; return *p } with p captured */
static word accumulate(word a, word captured) {
  word *p = (word *)captured;
  *p += a;
  return *p;
}

/* A data closure: func(a) int { return a*1000 + k + 500000 } */
FV_FUNC(data_scaled) { return a * 1000 + ((Closure *)self)->data[0] + 500000; }

enum { MANY = 100, ROUNDS = 50 };

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;

  FuncVal *five[5];
  for (word i = 0; i < 5; i++) five[i] = fv_closure_code(scaled, 10 * (i + 1));
  int ok = 1;
  for (word i = 0; i < 5; i++) ok &= fv_call(five[i], i, 0) == i * 1000 + 10 * (i + 1);
  fv_check(ok, "five generated closures live at once, each its own captured word");
  ok = 1;
  for (word i = 5; i-- > 0;) ok &= fv_call(five[i], 7, 0) == 7000 + 10 * (i + 1);
  fv_check(ok, "called again in reverse order");

  static FuncVal *many[MANY];
  ok = 1;
  for (word i = 0; i < MANY; i++) {
    many[i] = fv_closure_code(scaled, 3 * i + 1);
    ok &= fv_call(many[i], i, 0) == i * 1000 + 3 * i + 1;
  }
  fv_check(ok, "100 generated closures created and called");
  ok = 1;
  for (word i = 0; i < MANY; i++) ok &= fv_call(many[i], 1, 0) == 1000 + 3 * i + 1;
  fv_check(ok, "100 generated closures called again after all were made");

  /* Free one in the middle and make another: same memory, new code. */
  FuncVal *old = many[40];
  fv_closure_code_free(old);
  FuncVal *fresh = fv_closure_code(scaled, 777);
  fv_check(fresh == old, "freed closure's memory is reused for the next one");
  fv_check(fv_call(fresh, 2, 0) == 2777, "the reused trampoline returns the new captured word");
  many[40] = fresh;
  fv_check(fv_call(many[39], 0, 0) == 3 * 39 + 1 && fv_call(many[41], 0, 0) == 3 * 41 + 1,
           "its neighbours are untouched");

  /* The same memory rewritten over and over, each version called right away. */
  int same = 1, calls = 1;
  FuncVal *g = many[40];
  for (word round = 0; round < ROUNDS; round++) {
    fv_closure_code_free(g);
    FuncVal *n = fv_closure_code(scaled, 100 + round * 7);
    same &= n == g;
    const word got = fv_call(n, round, 0);
    if (got != round * 1000 + 100 + round * 7) {
      fv_printf("round %u: got %u, want %u\n", round, got, round * 1000 + 100 + round * 7);
      calls = 0;
    }
    g = n;
  }
  many[40] = g;
  fv_check(same, "free and recreate 50 times: same memory every time");
  fv_check(calls, "free and recreate 50 times: every call sees the new word");

  word total = 0;
  FuncVal *acc = fv_closure_code(accumulate, (word)&total);
  fv_call(acc, 5, 0);
  fv_call(acc, 6, 0);
  const word r = fv_call(acc, 7, 0);
  fv_check(r == 18 && total == 18, "a generated closure capturing a pointer updates the pointee");

  /* Generated and data closures side by side. */
  const FuncVal *mixed[6];
  Closure *d1 = fv_closure(data_scaled, 1), *d2 = fv_closure(data_scaled, 1);
  d1->data[0] = 1;
  d2->data[0] = 2;
  mixed[0] = five[0];
  mixed[1] = &d1->fv;
  mixed[2] = five[1];
  mixed[3] = &d2->fv;
  mixed[4] = many[40];
  mixed[5] = many[99];
  const word want[6] = {9010, 509001, 9020, 509002, 9000 + 100 + (ROUNDS - 1) * 7, 9000 + 3 * 99 + 1};
  ok = 1;
  for (int i = 0; i < 6; i++) {
    const word got = fv_call(mixed[i], 9, 0);
    if (got != want[i]) {
      fv_printf("mixed[%u] = %u, want %u\n", (word)i, got, want[i]);
      ok = 0;
    }
  }
  fv_check(ok, "generated and data closures mixed in one array");

  /* Replace a generated entry in place (same memory again) and call the array again. */
  fv_closure_code_free(many[99]);
  FuncVal *repl = fv_closure_code(scaled, 4242);
  mixed[5] = repl;
  ok = repl == many[99];
  for (int i = 0; i < 6; i++) {
    const word w = i == 5 ? 8000 + 4242 : want[i] - 1000;
    ok &= fv_call(mixed[i], 8, 0) == w;
  }
  fv_check(ok, "mixed array, second round after reusing a trampoline");

  fv_print("closure_code ok\n");
  return 0;
}
