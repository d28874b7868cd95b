/*
 * Finalizers, after the Go 1.1 runtime (mgc0.c runfinq): objects found unreachable
 * have their finalizer queued, and the finalizer goroutine calls each one through
 * reflectcall with the object as the argument frame. fvrt has no collector: the
 * program says an object is unreachable with fv_drop, and fv_gc does the queueing.
 */
#include "internal.h"

typedef struct Finalizer {
  void *obj;
  const FuncVal *fn;
  int dropped;
  struct Finalizer *next;
} Finalizer;

static Finalizer *registered; /* objects with a finalizer */
static Finalizer *finq, **finq_tail = &finq;
static int runfinq_running;

void fv_set_finalizer(void *obj, const FuncVal *fn) {
  Finalizer *f = fv_alloc(sizeof *f);
  f->obj = obj;
  f->fn = fn;
  f->next = registered;
  registered = f;
}

void fv_drop(void *obj) {
  for (Finalizer *f = registered; f; f = f->next)
    if (f->obj == obj) f->dropped = 1;
}

FV_FUNC(runfinq) {
  while (finq) {
    Finalizer *f = finq;
    finq = f->next;
    if (!finq) finq_tail = &finq;
    word frame[2] = {(word)f->obj, 0};
    reflectcall(f->fn, frame, sizeof(word));
    fv_free(f, sizeof *f);
    fv_gosched();
  }
  runfinq_running = 0;
  return 0;
}

static const FuncVal runfinq_fv = {runfinq};

void fv_gc(void) {
  for (Finalizer **p = &registered; *p;) {
    Finalizer *f = *p;
    if (!f->dropped) {
      p = &f->next;
      continue;
    }
    *p = f->next;
    f->next = 0;
    *finq_tail = f;
    finq_tail = &f->next;
  }
  if (finq && !runfinq_running) {
    runfinq_running = 1;
    FV_GO(&runfinq_fv, 0, 0);
  }
}
