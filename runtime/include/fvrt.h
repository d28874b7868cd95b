/*
 * fvrt: the native reference runtime of Go's func value ABI (runtime/README.md).
 *
 * A func value is a pointer to a FuncVal: word 0 is the code address, closure data
 * follows. Every call through a func value loads it into the profile's register
 * (go: EDX/RDX/R7; go-step1: EAX/RAX/R0 with the code word in EBX/RBX/R1) and calls
 * through word 0. Func-value bodies take up to two word arguments and return a word.
 *
 * Programs built on fvrt define `word fv_main(int argc, char **argv)`; the runtime
 * starts it as the main goroutine and exits with its result.
 */
#ifndef FVRT_H
#define FVRT_H

#include <stddef.h>
#include <stdint.h>

typedef uintptr_t word;

typedef struct FuncVal {
  void (*fn)(void);
  /* closure data follows */
} FuncVal;

/* A data closure: static code, captured words read through the context register. */
typedef struct Closure {
  FuncVal fv;
  word data[];
} Closure;

#include "fvrt_arch.h" /* FV_ENTRY_STUB for the arch and profile being built */

/*
 * FV_FUNC(name) { ... } defines a body that can be called through a func value:
 * `name` is its entry (an assembly stub that takes the func value from the profile's
 * register), and the C body sees `self` (that func value), `a` and `b`.
 * FV_DECLARE(name) declares one defined in another file.
 */
#define FV_DECLARE(name) extern void name(void)
#define FV_FUNC(name)                                                                   \
  FV_DECLARE(name);                                                                     \
  FV_ENTRY_STUB(name)                                                                   \
  static __attribute__((used, noinline)) word name##_body(                              \
      FuncVal *self __attribute__((unused)), word a __attribute__((unused)),            \
      word b __attribute__((unused)))

/* The call primitive: func value in the profile's register, call through word 0. */
word fv_call(const FuncVal *fn, word a, word b);

/* Closures. */
Closure *fv_closure(void (*code)(void), size_t nwords);  /* data zeroed: fill it */
/* Generated code, as the 2013 runtime's closure(): a trampoline is written into
 * executable heap memory behind a word holding its address; it calls the plain C
 * function code(a, captured) with `captured` built into its instructions. */
FuncVal *fv_closure_code(word (*code)(word a, word captured), word captured);
void fv_closure_code_free(FuncVal *fn);

/* defer, panic, recover. A function that defers reads:
 *     if (FV_DEFER(fn, a, b)) goto out;    (1 after a recovered panic)
 *     ...
 *   out:
 *     FV_DEFERRETURN();
 *     return ...;
 */
__attribute__((returns_twice)) int deferproc(word siz, const FuncVal *fn, ...);
void deferreturn(void);
#define FV_DEFER(fn, a, b) deferproc(2 * sizeof(word), (fn), (word)(a), (word)(b))
#define FV_DEFERRETURN()          \
  do {                            \
    deferreturn();                \
    __asm__ volatile("" ::: "memory"); /* never a tail call: deferreturn re-enters */ \
  } while (0)
__attribute__((noreturn)) void fv_panic(word value);
word fv_recover(void); /* the panic value, once, in a deferred call during a panic */

/* Goroutines: started through gogocallfn with goexit as the return address, run by a
 * cooperative scheduler. */
void newproc(word siz, const FuncVal *fn, ...);
#define FV_GO(fn, a, b) newproc(2 * sizeof(word), (fn), (word)(a), (word)(b))
void fv_gosched(void);
void fv_wait_goroutines(void); /* yields until every other goroutine has exited */
word fv_goid(void);

/* reflectcall: calls fn with the frame's argument words (size bytes, at most two
 * words) and stores the result in the word after them. */
void reflectcall(const FuncVal *fn, word *frame, word size);
/* As the 2013 cgocallback: wraps a raw code pointer in a FuncVal on the stack and
 * calls it through reflectcall. */
word fv_cgocallback(void (*fn)(void), word a, word b);

/* Timers: fn(now, arg) runs on the timer goroutine at or after `when`. Times are
 * fv_nanotime's: ns since the runtime first read the clock (so they fit a word for
 * the first 4 s, on 32-bit arches too). */
typedef struct Timer {
  int64_t when;
  const FuncVal *fn;
  word arg;
  struct Timer *next;
} Timer;
void fv_timer_start(Timer *t);
int64_t fv_nanotime(void);
void fv_sleep(int64_t ns); /* yields to other goroutines until the time has passed */

/* Finalizers. fvrt has no collector: fv_drop(obj) says the program holds no more
 * references; fv_gc() queues fn(obj) for every dropped object with a finalizer, and
 * the finalizer goroutine runs them through reflectcall. */
void fv_set_finalizer(void *obj, const FuncVal *fn);
void fv_drop(void *obj);
void fv_gc(void);

/* Memory, output, exit. */
void *fv_alloc(size_t size); /* zeroed */
void fv_free(void *p, size_t size);
void fv_print(const char *s);
void fv_print_word(word v); /* decimal */
void fv_printf(const char *fmt, ...); /* %s %d %u %x %p %c %% only */
void fv_check(int ok, const char *what); /* prints "what: yes", or fails the program */
__attribute__((noreturn)) void fv_exit(int code);
word fv_main(int argc, char **argv);

#endif
