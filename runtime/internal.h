/*
 * What the runtime's C files and the per-arch assembly (arch/<arch>.S) share: the
 * layouts the assembly reads, as word offsets, and the C side's private interfaces.
 */
#ifndef FVRT_INTERNAL_H
#define FVRT_INTERNAL_H

#if defined(__x86_64__)
#define FV_WORD 8
#else
#define FV_WORD 4
#endif

/* Gobuf: a saved execution point. sp is the stack pointer the code resumes with, pc
 * where it resumes, regs the C ABI's callee-saved registers (386: ebx esi edi ebp;
 * amd64: rbx rbp r12-r15; arm: r4-r11), as Go 1.1's Gobuf with a C ABI's extra state. */
#define GOBUF_SP (0 * FV_WORD)
#define GOBUF_PC (1 * FV_WORD)
#define GOBUF_REGS (2 * FV_WORD)
#define GOBUF_SIZE (10 * FV_WORD)

/* DeferCall: what jmpdefer needs to run one deferred call. */
#define DEFERCALL_FN (0 * FV_WORD)
#define DEFERCALL_A (1 * FV_WORD)
#define DEFERCALL_B (2 * FV_WORD)

#ifndef __ASSEMBLER__
#include "fvrt.h"

typedef struct Gobuf {
  word sp, pc, regs[8];
} Gobuf;
_Static_assert(sizeof(Gobuf) == GOBUF_SIZE, "Gobuf layout");

typedef struct DeferCall {
  const FuncVal *fn;
  word a, b;
} DeferCall;

typedef struct Defer {
  DeferCall call;
  word sp;     /* the deferring function's stack pointer at the deferproc call */
  Gobuf resume; /* where deferproc returns 1 after a recovered panic */
  struct Defer *link;
} Defer;

typedef struct Panic {
  word value;
  int recovered;
  struct Panic *link;
} Panic;

enum { G_RUNNABLE_NEW, G_RUNNING, G_RUNNABLE, G_WAITING, G_DEAD };

typedef struct G {
  Gobuf sched;
  word id;
  int status;
  DeferCall start; /* the goroutine's function and arguments */
  Defer *defer;
  Panic *panic;
  void *stack;
  struct G *next; /* run queue or free list */
} G;

/* arch/<arch>.S */
__attribute__((returns_twice)) int gosave(Gobuf *b);
__attribute__((noreturn)) void gogo(const Gobuf *b);
__attribute__((noreturn)) void gogocallfn(const Gobuf *b, const DeferCall *call);
void goexit(void);
long sys_write(int fd, const void *buf, size_t n);
__attribute__((noreturn)) void sys_exit_group(int code);
void *sys_mmap(void *addr, size_t len, int prot, int flags);
long sys_munmap(void *addr, size_t len);
long sys_clock_gettime(int clock, void *ts);
long sys_nanosleep(const void *req, void *rem);
void fv_flush_code(void *begin, void *end); /* cacheflush on ARM, nothing on x86 */
extern const unsigned char fv_trampoline[], fv_trampoline_end[];
/* The trampoline template: offsets of its two word slots, and 1 when its first
 * instruction is Thumb (its address is then called with bit 0 set). */
extern const word fv_trampoline_captured, fv_trampoline_code, fv_trampoline_thumb;

/* proc.c */
G *fv_curg(void);
void fv_runtime_start(int argc, char **argv);
int fv_others_runnable(void);
void fv_park(void);   /* until another goroutine calls fv_ready */
void fv_ready(G *g);

/* defer.c, called by arch/<arch>.S */
void fv_deferproc1(const Gobuf *caller, const word *args);
const DeferCall *fv_defer_pop(word callersp);
__attribute__((noreturn)) void fv_goexit1(void);

/* mem.c */
void *fv_code_alloc(size_t size);
void fv_code_free(void *p, size_t size);
void *memcpy(void *dst, const void *src, size_t n); /* ours: no libc */
void *memset(void *dst, int c, size_t n);

#endif
#endif
