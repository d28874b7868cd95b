//! exit: 0
//! stdout: the main goroutine is goroutine 1: yes
//! stdout: goroutines are numbered 2, 3, 4 in the order they are started: yes
//! stdout: a goroutine started after others exited gets a new number: yes
//! stdout: go does not switch: nothing ran before main yielded: yes
//! stdout: goroutines receive both argument words: yes
//! stdout: a generated-code closure as a goroutine: yes
//! stdout: gosched interleaves main and two goroutines round robin: yes
//! stdout: goroutines that start goroutines: yes
//! stdout: each goroutine runs its own defers at its own exit: yes
//! stdout: a goroutine recovers its own panic: yes
//! stdout: main's goroutine has no panic afterwards: yes
//! stdout: 50 goroutines add to a captured counter: 2550: yes
//! stdout: all 50 finished when wait returned: yes
//! stdout: 50 more on reused goroutines: 5100: yes
//! stdout: wait with no goroutines returns at once: yes
//! stdout: goroutines ok

/*
 * Goroutines, after the Go 1.1 runtime (proc.c newproc1, gogocallfn, goexit, Gosched)
 * with one thread running them (GOMAXPROCS=1): `go f(a, b)` records the func value and
 * its argument words in a new G placed at the tail of the run queue, and the G starts
 * in gogocallfn, which loads the func value into the context register, makes goexit
 * the return address and jumps through word 0. Gosched puts the running G at the tail
 * and runs the head, so the interleaving is fixed: this program records the order of
 * the steps and compares it with the one a FIFO run queue gives.
 *
 * Covered: goroutine numbers (main is 1, then 2, 3, ... in start order, never reused);
 * `go` not switching; both argument words; data closures, a static func value and a
 * generated-code closure as goroutine functions; round-robin interleaving with main
 * taking part; goroutines starting goroutines; defer lists per goroutine (two
 * goroutines defer, yield to each other, then each runs only its own); a goroutine
 * recovering its own panic; 50 goroutines updating a captured counter, and 50 more
 * on the G's (and stacks) the first 50 left behind; fv_wait_goroutines.
 */
#include "fvrt.h"

#include "trace.h"

/* func(i) { ids[i] = goid() } */
static word ids[8];
FV_FUNC(record_id) {
  ids[a] = fv_goid();
  return 0;
}
static const FuncVal record_id_fv = {record_id};

/* func(a, b) { note(a); note(b) } */
FV_FUNC(note_ab) {
  note(a);
  note(b);
  return 0;
}
static const FuncVal note_ab_fv = {note_ab};

static word gen_note(word a, word captured) {
  note(a * captured);
  return 0;
}

/* A closure: for i := 0; i < 3; i++ { note(tag*10 + i); Gosched() } */
FV_FUNC(worker) {
  const word tag = ((Closure *)self)->data[0];
  for (word i = 0; i < 3; i++) {
    note(tag * 10 + i);
    fv_gosched();
  }
  return 0;
}

/* func parent(d) { note(100+d); if d > 0 { go parent(d-1) }; Gosched(); note(200+d) } */
FV_FUNC(parent) {
  note(100 + a);
  if (a > 0) FV_GO(self, a - 1, 0);
  fv_gosched();
  note(200 + a);
  return 0;
}
static const FuncVal parent_fv = {parent};

FV_FUNC(note_a) {
  note(a);
  return 0;
}
static const FuncVal note_fv = {note_a};

/* func(tag) { defer note(tag*10+1); defer note(tag*10+2); note(tag*10); Gosched(); note(tag*10+3) } */
FV_FUNC(deferrer) {
  if (FV_DEFER(&note_fv, a * 10 + 1, 0)) goto out;
  if (FV_DEFER(&note_fv, a * 10 + 2, 0)) goto out;
  note(a * 10);
  fv_gosched();
  note(a * 10 + 3);
out:
  FV_DEFERRETURN();
  return 0;
}
static const FuncVal deferrer_fv = {deferrer};

FV_FUNC(recoverer) {
  note(1000 + fv_recover());
  return 0;
}
static const FuncVal recoverer_fv = {recoverer};

/* func(v) { defer func() { note(1000 + recover()) }(); Gosched(); panic(v) } */
FV_FUNC(panics) {
  if (FV_DEFER(&recoverer_fv, 0, 0)) goto out;
  fv_gosched();
  fv_panic(a);
out:
  FV_DEFERRETURN();
  note(a);
  return 0;
}
static const FuncVal panics_fv = {panics};

/* A closure over the counter: func(n) { *p += n; Gosched(); *p += n; *done++ } */
FV_FUNC(adder) {
  word *p = (word *)((Closure *)self)->data[0];
  word *done = (word *)((Closure *)self)->data[1];
  *p += a;
  fv_gosched();
  *p += a;
  ++*done;
  return 0;
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;

  fv_check(fv_goid() == 1, "the main goroutine is goroutine 1");
  for (word i = 0; i < 3; i++) FV_GO(&record_id_fv, i, 0);
  fv_wait_goroutines();
  fv_check(ids[0] == 2 && ids[1] == 3 && ids[2] == 4, "goroutines are numbered 2, 3, 4 in the order they are started");
  FV_GO(&record_id_fv, 3, 0);
  fv_wait_goroutines();
  fv_check(ids[3] == 5, "a goroutine started after others exited gets a new number");

  FuncVal *gen = fv_closure_code(gen_note, 3);
  FV_GO(&note_ab_fv, 5, 6);
  FV_GO(gen, 7, 99); /* the trampoline replaces 99 by its captured 3 */
  fv_check(ntrace == 0, "go does not switch: nothing ran before main yielded");
  fv_wait_goroutines();
  const int both_args = ntrace == 3 && trace[0] == 5 && trace[1] == 6;
  const int gen_ran = ntrace == 3 && trace[2] == 21;
  ntrace = 0;
  fv_check(both_args, "goroutines receive both argument words");
  fv_check(gen_ran, "a generated-code closure as a goroutine");

  Closure *wa = fv_closure(worker, 1), *wb = fv_closure(worker, 1);
  wa->data[0] = 1;
  wb->data[0] = 2;
  FV_GO(&wa->fv, 0, 0);
  FV_GO(&wb->fv, 0, 0);
  for (word i = 0; i < 3; i++) {
    note(i);
    fv_gosched();
  }
  fv_wait_goroutines();
  fv_check(TRACE_IS(0, 10, 20, 1, 11, 21, 2, 12, 22), "gosched interleaves main and two goroutines round robin");

  FV_GO(&parent_fv, 3, 0);
  fv_wait_goroutines();
  fv_check(TRACE_IS(103, 102, 203, 101, 202, 100, 201, 200), "goroutines that start goroutines");

  FV_GO(&deferrer_fv, 1, 0);
  FV_GO(&deferrer_fv, 2, 0);
  fv_wait_goroutines();
  fv_check(TRACE_IS(10, 20, 13, 12, 11, 23, 22, 21), "each goroutine runs its own defers at its own exit");

  FV_GO(&panics_fv, 8, 0);
  FV_GO(&note_fv, 4, 0);
  fv_wait_goroutines();
  fv_check(TRACE_IS(4, 1008, 8), "a goroutine recovers its own panic");
  fv_check(fv_recover() == 0, "main's goroutine has no panic afterwards");

  word counter = 0, done = 0;
  Closure *add = fv_closure(adder, 2);
  add->data[0] = (word)&counter;
  add->data[1] = (word)&done;
  for (word i = 1; i <= 50; i++) FV_GO(&add->fv, i, 0);
  fv_wait_goroutines();
  fv_check(counter == 2550, "50 goroutines add to a captured counter: 2550");
  fv_check(done == 50, "all 50 finished when wait returned");
  for (word i = 1; i <= 50; i++) FV_GO(&add->fv, i, 0);
  fv_wait_goroutines();
  fv_check(counter == 5100 && done == 100, "50 more on reused goroutines: 5100");

  fv_wait_goroutines();
  fv_wait_goroutines();
  fv_check(ntrace == 0, "wait with no goroutines returns at once");

  fv_print("goroutines ok\n");
  return 0;
}
