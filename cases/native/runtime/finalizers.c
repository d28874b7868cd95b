//! exit: 0
//! stdout: fv_gc only queues: no finalizer ran before main yielded: yes
//! stdout: one yield of main lets the finalizer goroutine run one finalizer: yes
//! stdout: an object dropped while the finalizer goroutine runs joins its queue: yes
//! stdout: finalizers run newest registration first, the late one last: yes
//! stdout: finalizers run on the finalizer goroutine, not on main: yes
//! stdout: one finalizer goroutine ran the whole queue: yes
//! stdout: each finalizer got its own object as its argument: yes
//! stdout: objects not dropped are not finalized by another fv_gc: yes
//! stdout: dropped twice and collected twice, finalized once: yes
//! stdout: a new finalizer goroutine for the next batch: yes
//! stdout: a finalizer that drops an object and collects: yes
//! stdout: every dropped object finalized exactly once: yes
//! stdout: an object never dropped is never finalized: yes
//! stdout: finalizers ok

/*
 * Finalizers, after the Go 1.1 runtime (mgc0.c runtime·SetFinalizer, queuefinalizers,
 * runfinq): the collector queues fn(obj) for each unreachable object with a finalizer,
 * and a separate goroutine, started on demand, calls them one by one through
 * reflectcall with the object as the one-word argument frame. fvrt has no collector:
 * fv_drop says an object is unreachable and fv_gc queues; the finalizer goroutine then
 * runs only once main yields, and yields after each finalizer.
 *
 * Covered: data closures, a generated-code closure and a static func value as
 * finalizers; only dropped objects are finalized, exactly once, however often fv_gc
 * runs; nothing runs until main yields (fv_gosched lets one run, fv_wait_goroutines
 * all); finalizers run on the finalizer goroutine (not goroutine 1), one goroutine per
 * batch, a new one (new number) for a later batch; the order: fvrt queues the dropped
 * objects newest registration first, and an object dropped while the queue is running
 * goes to its end; a finalizer that drops another object and calls fv_gc; an object
 * never dropped is never finalized.
 */
#include "fvrt.h"

enum { NOBJ = 10 };
enum { A = 1, B, C, D, E, F, X, G, H };

static word trace[32], goids[32];
static int ntrace;
static word *objs[NOBJ];
static int finalized[NOBJ];
static int args_ok = 1;

/* Every finalizer body: note(tag + the object's number), where it ran, and check that
 * its argument is its object. */
static void finalize(word tag, word obj) {
  const word n = *(word *)obj;
  if (n >= NOBJ || (word)objs[n] != obj) args_ok = 0;
  if (n < NOBJ) finalized[n]++;
  if (ntrace < 32) {
    trace[ntrace] = tag + n;
    goids[ntrace] = fv_goid();
  }
  ntrace++;
}

/* func(obj) { finalize(tag, obj) }, tag captured */
FV_FUNC(fin) {
  finalize(((Closure *)self)->data[0], a);
  return 0;
}
static word gen_fin(word obj, word captured) {
  finalize(captured, obj);
  return 0;
}
FV_FUNC(static_fin) {
  finalize(300, a);
  return 0;
}
static const FuncVal static_fin_fv = {static_fin};
/* func(obj) { finalize(400, obj); drop(other); GC() }, other captured */
FV_FUNC(chain_fin) {
  finalize(400, a);
  fv_drop((void *)((Closure *)self)->data[0]);
  fv_gc();
  return 0;
}

static int trace_is(const word *want, int n) {
  int ok = ntrace == n;
  for (int i = 0; ok && i < n; i++) ok = trace[i] == want[i];
  if (!ok) {
    fv_print("trace:");
    for (int i = 0; i < ntrace && i < 32; i++) fv_printf(" %u", trace[i]);
    fv_print("\n");
  }
  return ok;
}
#define TRACE_IS(...) trace_is((const word[]){__VA_ARGS__}, sizeof((const word[]){__VA_ARGS__}) / sizeof(word))

static int same_goid(word *id) {
  for (int i = 1; i < ntrace; i++)
    if (goids[i] != goids[0]) return 0;
  *id = goids[0];
  return 1;
}

static void *object(word n) {
  objs[n] = fv_alloc(2 * sizeof(word));
  objs[n][0] = n;
  return objs[n];
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;

  Closure *fin100 = fv_closure(fin, 1);
  fin100->data[0] = 100;
  FuncVal *fin200 = fv_closure_code(gen_fin, 200);

  for (word n = A; n <= F; n++) object(n);
  fv_set_finalizer(objs[A], &fin100->fv);
  fv_set_finalizer(objs[B], &fin100->fv);
  fv_set_finalizer(objs[C], &fin100->fv);
  fv_set_finalizer(objs[D], fin200);
  fv_set_finalizer(objs[E], &static_fin_fv);
  fv_set_finalizer(objs[F], &fin100->fv);

  fv_drop(objs[B]);
  fv_drop(objs[D]);
  fv_drop(objs[E]);
  fv_gc();
  fv_check(ntrace == 0, "fv_gc only queues: no finalizer ran before main yielded");
  fv_gosched();
  fv_check(TRACE_IS(300 + E), "one yield of main lets the finalizer goroutine run one finalizer");

  Closure *fin_x = fv_closure(fin, 1);
  fin_x->data[0] = 100;
  fv_set_finalizer(object(X), &fin_x->fv);
  fv_drop(objs[X]);
  fv_gc();
  fv_wait_goroutines();
  fv_check(ntrace == 4 && trace[3] == 100 + X, "an object dropped while the finalizer goroutine runs joins its queue");
  fv_check(TRACE_IS(300 + E, 200 + D, 100 + B, 100 + X), "finalizers run newest registration first, the late one last");
  word first_goid = 0;
  const int same = same_goid(&first_goid);
  fv_check(first_goid != 1 && first_goid != 0, "finalizers run on the finalizer goroutine, not on main");
  fv_check(same, "one finalizer goroutine ran the whole queue");
  fv_check(args_ok, "each finalizer got its own object as its argument");

  ntrace = 0;
  fv_gc();
  fv_wait_goroutines();
  fv_gc();
  fv_gosched();
  fv_wait_goroutines();
  fv_check(ntrace == 0, "objects not dropped are not finalized by another fv_gc");

  fv_drop(objs[A]);
  fv_drop(objs[C]);
  fv_drop(objs[C]);
  fv_gc();
  fv_gc();
  fv_wait_goroutines();
  fv_gc();
  fv_wait_goroutines();
  fv_check(TRACE_IS(100 + C, 100 + A) && finalized[C] == 1, "dropped twice and collected twice, finalized once");
  word second_goid = 0;
  fv_check(same_goid(&second_goid) && second_goid != 1 && second_goid != first_goid,
           "a new finalizer goroutine for the next batch");

  ntrace = 0;
  object(G);
  object(H);
  Closure *chain = fv_closure(chain_fin, 1);
  chain->data[0] = (word)objs[H];
  fv_set_finalizer(objs[H], &static_fin_fv);
  fv_set_finalizer(objs[G], &chain->fv);
  fv_drop(objs[G]);
  fv_gc();
  fv_wait_goroutines();
  word chain_goid = 0;
  fv_check(TRACE_IS(400 + G, 300 + H) && same_goid(&chain_goid) && chain_goid != 1,
           "a finalizer that drops an object and collects");

  int once = args_ok;
  for (word n = A; n <= H; n++)
    if (n != F) once &= finalized[n] == 1;
  fv_check(once, "every dropped object finalized exactly once");
  fv_gc();
  fv_wait_goroutines();
  fv_check(finalized[F] == 0, "an object never dropped is never finalized");

  fv_print("finalizers ok\n");
  return 0;
}
