//! exit: 0
//! stdout: FixAlloc-style refill hook through a struct slot: 3 calls: yes
//! stdout: Alg-style hash and equal through a table of C pointers: yes
//! stdout: a C pointer passed down and called through a stack slot: yes
//! stdout: a C pointer picked from an indexed table: yes
//! stdout: func values called among them still go through word 0: yes
//! stdout: c_pointer_calls ok

/*
 * Indirect calls that are not func-value calls: C function pointers in code compiled
 * from C, as Go's runtime made them until Go 1.5 (6c, 8c and 5c compiled its .c files:
 * golang/go 1903ad7 src/pkg/runtime/malloc.h FixAlloc.first, hashmap.c's Alg table,
 * symtab.c walksymtab's fn). Their targets come from a struct slot ([R+word]), from
 * word 0 of a table that is not a func value, from a stack slot or from an indexed
 * table, and no func value is in any register. The checker classes such sites as C
 * code (DWARF file *.c) and never applies a func-value rule to them, while the
 * func-value calls beside them (fv_call) are checked as ever; `fvemu check --json`
 * counts them in c_code_sites. None of these calls meets go-step1's rule (a target
 * loaded from word 0 of the func value in a register): without the class, each would be
 * reported.
 */
#include "fvrt.h"

/* What the compiler may not see through: the pointer comes from elsewhere. */
#define OPAQUE(p) __asm__ volatile("" : "+r"(p))

/* malloc.h: struct FixAlloc { uintptr size; void *(*alloc)(uintptr); void (*first)(void
 * *arg, byte *p); void *arg; ... }: FixAlloc_Alloc calls f->first(f->arg, p). */
typedef struct FixAlloc {
  word size;
  void (*first)(void *arg, word p);
  void *arg;
} FixAlloc;

static __attribute__((noinline)) void count_refill(void *arg, word p) { *(word *)arg += p; }

static __attribute__((noinline)) void fixalloc_alloc(FixAlloc *f, word p) {
  OPAQUE(f);
  if (f->first) f->first(f->arg, p);
}

/* runtime.h: struct Alg { void (*hash)(...); void (*equal)(...); ... }: word 0 of the
 * table is a code address, yet the table is no func value and no register says so. */
typedef struct Alg {
  word (*hash)(word x);
  word (*equal)(word x, word y);
} Alg;

static __attribute__((noinline)) word hash_word(word x) { return x * 2654435761u; }
static __attribute__((noinline)) word equal_word(word x, word y) { return x == y; }
static const Alg word_alg = {hash_word, equal_word};

static __attribute__((noinline)) int alg_agrees(const Alg *alg, word x) {
  OPAQUE(alg);
  return alg->hash(x) == hash_word(x) && alg->equal(x, x) && !alg->equal(x, x + 1);
}

/* symtab.c: walksymtab(void (*fn)(Sym*)) keeps fn in its frame and calls it per symbol. */
static __attribute__((noinline)) word walk(word (*fn)(word), word n) {
  word (*volatile slot)(word) = fn;  /* in the frame, loaded for every call */
  word sum = 0;
  for (word i = 1; i <= n; i++) sum += slot(i);
  return sum;
}

static __attribute__((noinline)) word square(word x) { return x * x; }

/* An indexed table of C pointers: the target is [table + i*word]. */
static __attribute__((noinline)) word add1(word x) { return x + 1; }
static __attribute__((noinline)) word dbl(word x) { return x * 2; }
static word (*const ops[])(word) = {add1, dbl, square};

static __attribute__((noinline)) word apply_op(word i, word x) {
  word (*const *table)(word) = ops;
  OPAQUE(table);
  return table[i](x);
}

FV_FUNC(triple) { return 3 * a; }
static const FuncVal triple_fv = {triple};

FV_FUNC(add_captured) { return a + ((Closure *)self)->data[0]; }

static void say(const char *what, int ok) {
  fv_printf("%s: %s\n", what, ok ? "yes" : "no");
  if (!ok) fv_exit(1);
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;
  word refilled = 0;
  FixAlloc f = {16, count_refill, &refilled};
  for (word p = 1; p <= 3; p++) fixalloc_alloc(&f, p);
  say("FixAlloc-style refill hook through a struct slot: 3 calls", refilled == 6);
  say("Alg-style hash and equal through a table of C pointers", alg_agrees(&word_alg, 77));
  say("a C pointer passed down and called through a stack slot", walk(square, 4) == 30);
  say("a C pointer picked from an indexed table",
      apply_op(0, 5) == 6 && apply_op(1, 5) == 10 && apply_op(2, 5) == 25);
  Closure *c = fv_closure(add_captured, 1);
  c->data[0] = 100;
  word r = fv_call(&triple_fv, 7, 0) + fv_call(&c->fv, 1, 0);
  r += walk(square, 1);
  say("func values called among them still go through word 0", r == 21 + 101 + 1);
  fv_print("c_pointer_calls ok\n");
  return 0;
}
