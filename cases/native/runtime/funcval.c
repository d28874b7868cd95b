//! exit: 0
//! stdout: static func value with no data returns 42: yes
//! stdout: a static func value sees itself as self: yes
//! stdout: fv_call passes both argument words and returns the result: yes
//! stdout: closure with 1 captured word: yes
//! stdout: closure with 2 captured words: yes
//! stdout: closure with 3 captured words: yes
//! stdout: closure with 4 captured words: yes
//! stdout: a data closure sees itself as self: yes
//! stdout: one body, two closures, each its own captured words: yes
//! stdout: captured pointer: each call sees the previous call's update: yes
//! stdout: two closures over one variable share it: yes
//! stdout: the captured variable is the caller's variable: yes
//! stdout: closure of closure calls the func value it holds: yes
//! stdout: closure of closure of closure: yes
//! stdout: array of func values called in a loop: yes
//! stdout: func values in an array see their own data: yes
//! stdout: 1000 calls through func values in a loop sum 1004000: yes
//! stdout: funcval ok

/*
 * The func-value call primitive (fvrt.h fv_call), as Go 1.1 compiles `f(a, b)` for a
 * func value f (golang/go 1903ad7, "runtime: use func value for closures"): the func
 * value goes into the context register (go: RDX/EDX/R7; go-step1: RAX/EAX/R0 with
 * the code word in RBX/EBX/R1) and the call goes through its word 0. A top-level
 * function's func value is a static one-word FuncVal; a closure's is a heap block
 * whose code is static and reads its captured words through the context register.
 *
 * Covered: a static `const FuncVal` with no data; data closures with 1 to 4 captured
 * words (each body checks that `self` is the func value it was called through, so a
 * wrong context register shows as wrong data); a closure over a pointer that updates
 * the pointee, as Go's closures share a captured variable; a closure that holds other
 * func values and calls them (Go's `func() { return f(g(x)) }`), which needs the
 * context register reloaded for the inner call and the outer one's data read before
 * it; an array of func values called in a loop; both argument words and the result.
 */
#include "fvrt.h"

/* func answer() int { return 42 } */
FV_FUNC(answer) { return 42; }
static const FuncVal answer_fv = {answer};

/* func self_of() uintptr: returns the func value it was called through. */
FV_FUNC(self_of) { return (word)self; }
static const FuncVal self_of_fv = {self_of};

/* func sub(a, b) int { return a*1000 - b } */
FV_FUNC(sub) { return a * 1000 - b; }
static const FuncVal sub_fv = {sub};

/* Closures over 1..4 words: each weighs its captured words differently. */
FV_FUNC(cap1) {
  const word *d = ((Closure *)self)->data;
  return a + b + d[0];
}
FV_FUNC(cap2) {
  const word *d = ((Closure *)self)->data;
  return a + b + d[0] + 10 * d[1];
}
FV_FUNC(cap3) {
  const word *d = ((Closure *)self)->data;
  return a + b + d[0] + 10 * d[1] + 100 * d[2];
}
FV_FUNC(cap4) {
  const word *d = ((Closure *)self)->data;
  return a + b + d[0] + 10 * d[1] + 100 * d[2] + 1000 * d[3];
}

/* A closure over a variable: counter := 0; inc := func(n) int { counter += n; return counter } */
FV_FUNC(add_to) {
  word *p = (word *)((Closure *)self)->data[0];
  *p += a;
  return *p;
}

/* compose: func(a, b) int { return f(g(a, b), k) }, f, g func values and k captured. */
FV_FUNC(compose) {
  const word *d = ((Closure *)self)->data;
  const FuncVal *f = (const FuncVal *)d[0];
  const FuncVal *g = (const FuncVal *)d[1];
  const word inner = fv_call(g, a, b);
  return fv_call(f, inner, d[2]);
}

/* mul: func(a, b) int { return a * k + b } */
FV_FUNC(mul) { return a * ((Closure *)self)->data[0] + b; }

static Closure *closure(void (*code)(void), int n, word d0, word d1, word d2, word d3) {
  Closure *c = fv_closure(code, (size_t)n);
  const word d[4] = {d0, d1, d2, d3};
  for (int i = 0; i < n; i++) c->data[i] = d[i];
  return c;
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;

  fv_check(fv_call(&answer_fv, 1, 2) == 42, "static func value with no data returns 42");
  fv_check(fv_call(&self_of_fv, 0, 0) == (word)&self_of_fv, "a static func value sees itself as self");
  fv_check(fv_call(&sub_fv, 7, 3) == 6997, "fv_call passes both argument words and returns the result");

  Closure *c1 = closure(cap1, 1, 5, 0, 0, 0);
  Closure *c2 = closure(cap2, 2, 5, 6, 0, 0);
  Closure *c3 = closure(cap3, 3, 5, 6, 7, 0);
  Closure *c4 = closure(cap4, 4, 5, 6, 7, 8);
  fv_check(fv_call(&c1->fv, 100, 20) == 125, "closure with 1 captured word");
  fv_check(fv_call(&c2->fv, 100, 20) == 185, "closure with 2 captured words");
  fv_check(fv_call(&c3->fv, 100, 20) == 885, "closure with 3 captured words");
  fv_check(fv_call(&c4->fv, 100, 20) == 8885, "closure with 4 captured words");

  Closure *me = closure(self_of, 2, 1, 2, 0, 0);
  fv_check(fv_call(&me->fv, 0, 0) == (word)me, "a data closure sees itself as self");

  /* The same code, two func values: only the context register tells them apart. */
  Closure *x = closure(cap2, 2, 1, 2, 0, 0);
  Closure *y = closure(cap2, 2, 3, 4, 0, 0);
  const word rx = fv_call(&x->fv, 0, 0), ry = fv_call(&y->fv, 0, 0), rx2 = fv_call(&x->fv, 0, 0);
  fv_check(rx == 21 && ry == 43 && rx2 == 21, "one body, two closures, each its own captured words");

  /* Shared captured state. */
  word counter = 0;
  Closure *inc = closure(add_to, 1, (word)&counter, 0, 0, 0);
  const word r1 = fv_call(&inc->fv, 1, 0);
  const word r2 = fv_call(&inc->fv, 2, 0);
  const word r3 = fv_call(&inc->fv, 3, 0);
  fv_check(r1 == 1 && r2 == 3 && r3 == 6, "captured pointer: each call sees the previous call's update");
  Closure *inc2 = closure(add_to, 1, (word)&counter, 0, 0, 0);
  const word r4 = fv_call(&inc2->fv, 10, 0);
  const word r5 = fv_call(&inc->fv, 100, 0);
  fv_check(r4 == 16 && r5 == 116, "two closures over one variable share it");
  fv_check(counter == 116, "the captured variable is the caller's variable");

  /* Closures of closures: compose(f=mul by 3, g=sub, k=4): (a*1000 - b)*3 + 4. */
  Closure *times3 = closure(mul, 1, 3, 0, 0, 0);
  Closure *comp = closure(compose, 3, (word)&times3->fv, (word)&sub_fv, 4, 0);
  fv_check(fv_call(&comp->fv, 2, 1) == 6001, "closure of closure calls the func value it holds");
  /* compose(f=comp, g=c1, k=7): comp(c1(a, b), 7) = (c1(a,b)*1000 - 7)*3 + 4 */
  Closure *comp2 = closure(compose, 3, (word)&comp->fv, (word)&c1->fv, 7, 0);
  fv_check(fv_call(&comp2->fv, 1, 2) == (8 * 1000 - 7) * 3 + 4, "closure of closure of closure");

  /* An array of func values. */
  const FuncVal *fs[] = {&answer_fv, &sub_fv, &c1->fv, &c2->fv, &c3->fv, &c4->fv, &times3->fv, &comp->fv};
  const word want[] = {42, 2000 - 1, 5 + 3, 65 + 3, 765 + 3, 8765 + 3, 7, 6001};
  int all = 1;
  for (int i = 0; i < (int)(sizeof fs / sizeof fs[0]); i++) {
    const word got = fv_call(fs[i], 2, 1);
    if (got != want[i]) {
      fv_printf("fs[%u](2, 1) = %u, want %u\n", (word)i, got, want[i]);
      all = 0;
    }
  }
  fv_check(all, "array of func values called in a loop");

  Closure *selves[4];
  for (int i = 0; i < 4; i++) selves[i] = closure(self_of, 1, (word)i, 0, 0, 0);
  all = 1;
  for (int i = 0; i < 4; i++) all &= fv_call(&selves[i]->fv, 0, 0) == (word)selves[i];
  fv_check(all, "func values in an array see their own data");

  word sum = 0;
  for (word i = 1; i <= 1000; i++) sum += fv_call(fs[i % 2 ? 2 : 6], i, 0); /* c1: i+5; times3: 3i */
  /* odd i: i + 5 (500 terms, sum 250000 + 2500); even i: 3i (sum 3 * 250500) */
  fv_check(sum == 252500 + 751500, "1000 calls through func values in a loop sum 1004000");

  fv_print("funcval ok\n");
  return 0;
}
