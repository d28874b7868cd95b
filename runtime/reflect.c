/*
 * The 2013 cgo callback path (runtime/cgocall.c cgocallbackg): C hands the runtime a
 * raw code pointer, which is wrapped in a FuncVal on the stack so that reflectcall,
 * which takes func values, can call it. reflectcall itself is per-arch assembly.
 */
#include "internal.h"

word fv_cgocallback(void (*fn)(void), word a, word b) {
  FuncVal fv = {fn};
  word frame[3] = {a, b, 0};
  reflectcall(&fv, frame, 2 * sizeof(word));
  return frame[2];
}
