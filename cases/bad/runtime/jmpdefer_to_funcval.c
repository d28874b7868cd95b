//! exit: 139
//! stdout: bad case ran
//! stdout: body ran
//! break: jmpdefer-to-funcval
//! violation(go): site jmpdefer -> deferred
//! violation(go-step1): step1 jmpdefer -> deferred
/*
 * Breaks "site" (go) and "step1" (go-step1) in the runtime: jmpdefer, which runs a
 * deferred call by re-entering the deferring frame, jumps to the func value itself
 * instead of to its word 0 (runtime/fvrt-cc --break jmpdefer-to-funcval). The func
 * value, `deferred`, lives in non-executable data, so the jump faults there: the
 * process dies of SIGSEGV, and the report names the data object control went to.
 */
#include "fvrt.h"

FV_FUNC(print_captured) {
  fv_printf("deferred call ran with %u\n", ((Closure *)self)->data[0]);
  return 0;
}

static struct {
  FuncVal fv;
  word data[1];
} deferred = {{print_captured}, {5}};

static word with_defer(void) {
  if (FV_DEFER(&deferred.fv, 0, 0)) goto out;
  fv_print("body ran\n");
out:
  FV_DEFERRETURN();
  return 0;
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;
  fv_print("bad case ran\n");
  with_defer();
  fv_print("returned from the deferring function\n");
  return 0;
}
