/*
 * defer, panic and recover, after the Go 1.1 runtime (panic.c): deferproc records a
 * call on the goroutine's defer list together with its caller's stack pointer;
 * deferreturn, called at the deferring function's exit, runs the calls recorded for
 * that frame one by one through jmpdefer, which re-enters the caller's frame so that
 * each deferred call returns to the `call deferreturn` again. A panic runs the
 * deferred calls through reflectcall; one that calls recover ends the panic, and
 * execution resumes where its deferproc returned, now returning 1.
 *
 * deferproc, deferreturn and jmpdefer are per-arch assembly (arch/<arch>.S): they
 * need the caller's stack pointer, return address and callee-saved registers.
 */
#include "internal.h"

/* args: siz, fn, then up to two argument words. */
void fv_deferproc1(const Gobuf *caller, const word *args) {
  const word siz = args[0];
  if (siz > 2 * sizeof(word)) {
    fv_print("fvrt: deferproc: more than two argument words\n");
    fv_exit(2);
  }
  Defer *d = fv_alloc(sizeof *d);
  d->call.fn = (const FuncVal *)args[1];
  if (siz > 0) d->call.a = args[2];
  if (siz > sizeof(word)) d->call.b = args[3];
  d->sp = caller->sp;
  d->resume = *caller;
  G *g = fv_curg();
  d->link = g->defer;
  g->defer = d;
}

/* The next call deferred by the frame whose stack pointer is callersp, or none. The
 * record is copied where jmpdefer can read it after the Defer is freed. */
const DeferCall *fv_defer_pop(word callersp) {
  static DeferCall next; /* read by jmpdefer before anything else runs */
  G *g = fv_curg();
  Defer *d = g->defer;
  if (!d || d->sp != callersp) return 0;
  g->defer = d->link;
  next = d->call;
  fv_free(d, sizeof *d);
  return &next;
}

void fv_panic(word value) {
  G *g = fv_curg();
  Panic p = {value, 0, g->panic};
  g->panic = &p;
  for (Defer *d; (d = g->defer) != 0;) {
    g->defer = d->link;
    word frame[3] = {d->call.a, d->call.b, 0};
    reflectcall(d->call.fn, frame, 2 * sizeof(word));
    if (p.recovered) {
      const Gobuf resume = d->resume;
      /* An older panic whose fv_panic frame lies below the resumed frame (this one
       * started in a call it deferred) is abandoned with that frame: aborted, as Go
       * says, it must not stay on the goroutine for a later recover to find. Stacks
       * grow down on every arch fvrt supports. */
      Panic *older = p.link;
      while (older && (word)older < resume.sp) older = older->link;
      g->panic = older;
      fv_free(d, sizeof *d);
      gogo(&resume); /* deferproc returns 1 in the frame that deferred the call */
    }
    fv_free(d, sizeof *d);
  }
  fv_printf("panic: %u [recovered=false] goroutine %u\n", value, g->id);
  fv_exit(2);
}

word fv_recover(void) {
  Panic *p = fv_curg()->panic;
  if (!p || p->recovered) return 0;
  p->recovered = 1;
  return p->value;
}
