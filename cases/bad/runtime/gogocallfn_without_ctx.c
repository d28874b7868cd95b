//! exit: 0
//! stdout: bad case ran
//! stdout: goroutine entered without its func value
//! profiles: go
//! break: gogocallfn-without-ctx
//! violation: entry gogocallfn -> started
/*
 * Breaks "entry" in the runtime: gogocallfn starts a goroutine through word 0 of its
 * func value but never loads the func value into the context register
 * (runtime/fvrt-cc --break gogocallfn-without-ctx). `started` consumes the register,
 * so it is entered without the func value it was started with. It only compares what
 * it got, so the run is harmless. go-step1 has no context register to forget.
 */
#include "fvrt.h"

FV_DECLARE(started);

static struct {
  FuncVal fv;
  word data[1];
} goroutine = {{started}, {7}};

FV_FUNC(started) {
  fv_print(self == &goroutine.fv ? "goroutine entered with its func value\n"
                                 : "goroutine entered without its func value\n");
  return 0;
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;
  fv_print("bad case ran\n");
  FV_GO(&goroutine.fv, 1, 2);
  fv_wait_goroutines();
  return 0;
}
