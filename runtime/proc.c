/*
 * Goroutines and their cooperative scheduler, after the Go 1.1 runtime (proc.c):
 * newproc records the func value and its argument words in a new G; the G starts
 * through gogocallfn (arch/<arch>.S), which switches to its stack, puts goexit where
 * the function returns to, loads the func value into the context register and jumps
 * through word 0. A running G gives way in fv_gosched: gosave, then gogo to the next.
 */
#include <stdarg.h>

#include "internal.h"

enum { STACK_SIZE = 64 * 1024 };

static G g0;              /* the main goroutine, on the process stack */
static G *curg = &g0;
static G *runq_head, *runq_tail;
static G *free_gs;        /* exited goroutines, with their stacks, for reuse */
static word next_id = 1;
static word live = 1;     /* goroutines not yet exited */
static G *waiter;         /* parked in fv_wait_goroutines */

G *fv_curg(void) { return curg; }
word fv_goid(void) { return curg->id; }

static void runq_put(G *g) {
  g->next = 0;
  if (runq_tail) runq_tail->next = g; else runq_head = g;
  runq_tail = g;
}

static G *runq_get(void) {
  G *g = runq_head;
  if (g) {
    runq_head = g->next;
    if (!runq_head) runq_tail = 0;
  }
  return g;
}

/* Runs g in place of the current goroutine, which must already be queued or dead. */
static __attribute__((noreturn)) void execute(G *g) {
  curg = g;
  if (g->status == G_RUNNABLE_NEW) {
    g->status = G_RUNNING;
    gogocallfn(&g->sched, &g->start);
  }
  g->status = G_RUNNING;
  gogo(&g->sched);
}

static G *next_or_deadlock(void) {
  G *next = runq_get();
  if (!next) {
    fv_print("fvrt: all goroutines are asleep - deadlock!\n");
    fv_exit(2);
  }
  return next;
}

void fv_gosched(void) {
  if (!runq_head) return;
  G *g = curg;
  g->status = G_RUNNABLE;
  runq_put(g);
  if (gosave(&g->sched)) return; /* resumed */
  execute(runq_get());
}

int fv_others_runnable(void) { return runq_head != 0; }

void fv_park(void) {
  G *g = curg;
  g->status = G_WAITING;
  if (gosave(&g->sched)) return; /* made ready */
  execute(next_or_deadlock());
}

void fv_ready(G *g) {
  g->status = G_RUNNABLE;
  runq_put(g);
}

void newproc(word siz, const FuncVal *fn, ...) {
  if (siz > 2 * sizeof(word)) {
    fv_print("fvrt: newproc: more than two argument words\n");
    fv_exit(2);
  }
  G *g = free_gs;
  if (g) {
    free_gs = g->next;
  } else {
    g = fv_alloc(sizeof *g);
    g->stack = fv_alloc(STACK_SIZE);
  }
  va_list ap;
  va_start(ap, fn);
  g->start.fn = fn;
  g->start.a = siz > 0 ? va_arg(ap, word) : 0;
  g->start.b = siz > sizeof(word) ? va_arg(ap, word) : 0;
  va_end(ap);
  g->id = ++next_id;
  g->defer = 0;
  g->panic = 0;
  /* The function starts at the top of the stack and returns into goexit. */
  g->sched.sp = (word)g->stack + STACK_SIZE;
  g->sched.pc = (word)goexit;
  g->status = G_RUNNABLE_NEW;
  live++;
  runq_put(g);
}

/* goexit (arch/<arch>.S) calls this on the exiting goroutine's stack. */
void fv_goexit1(void) {
  G *g = curg;
  if (g->defer) {
    fv_print("fvrt: goroutine exited with calls still deferred\n");
    fv_exit(2);
  }
  g->status = G_DEAD;
  g->next = free_gs; /* its stack is reused only after the switch below */
  free_gs = g;
  live--;
  if (live == 1 && waiter) {
    fv_ready(waiter);
    waiter = 0;
  }
  execute(next_or_deadlock());
}

void fv_wait_goroutines(void) {
  if (live == 1) return;
  waiter = curg;
  fv_park();
}

void fv_runtime_start(int argc, char **argv) {
  g0.id = 1;
  g0.status = G_RUNNING;
  fv_exit((int)fv_main(argc, argv));
}
