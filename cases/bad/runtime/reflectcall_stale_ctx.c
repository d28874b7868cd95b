//! exit: 0
//! stdout: bad case ran
//! stdout: reflectcall passed a stale context
//! profiles: go
//! break: reflectcall-stale-ctx
//! violation: site reflectcall -> reads_capture
//! violation: entry reflectcall -> reads_capture
/*
 * Breaks "entry" in the runtime: reflectcall calls word 0 of the func value it was
 * given, but leaves the context register as it was (runtime/fvrt-cc --break
 * reflectcall-stale-ctx): it holds what it held last, `earlier` or whatever came
 * after it (on ARM the last syscall stub's number, on x86 what C code left in
 * EDX/RDX). `reads_capture` consumes the register; it only compares what it got, so
 * the run is harmless. "site" says it too: the code came from word 0 of a func value
 * the context register does not hold.
 */
#include "fvrt.h"

FV_DECLARE(reads_capture);
FV_DECLARE(returns_capture);

static struct {
  FuncVal fv;
  word data[1];
} target = {{reads_capture}, {40}}, earlier = {{returns_capture}, {1}};

FV_FUNC(reads_capture) {
  fv_print(self == &target.fv ? "reflectcall passed its func value\n"
                              : "reflectcall passed a stale context\n");
  return a;
}

FV_FUNC(returns_capture) { return ((Closure *)self)->data[0]; }

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;
  fv_print("bad case ran\n");
  fv_printf("earlier call returned %u\n", fv_call(&earlier.fv, 0, 0));
  word frame[2] = {2, 0};
  reflectcall(&target.fv, frame, sizeof(word));
  fv_printf("reflectcall stored %u\n", frame[1]);
  return 0;
}
