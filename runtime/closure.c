/*
 * Closures, both ways the FuncVal change allowed (golang/go 1903ad7, 9f64728):
 * data closures, whose code is static and reads its captured words through the
 * context register; and generated code, as the 2013 runtime's closure() built it: a
 * trampoline written into executable heap memory right behind a word holding its
 * address, so that the func value is that word.
 */
#include "internal.h"

Closure *fv_closure(void (*code)(void), size_t nwords) {
  Closure *c = fv_alloc(sizeof(Closure) + nwords * sizeof(word));
  c->fv.fn = code;
  return c;
}

static size_t trampoline_size(void) {
  return sizeof(word) + (size_t)(fv_trampoline_end - fv_trampoline);
}

/* The trampoline (arch/<arch>.S) passes `captured` as the second argument and calls
 * code; its two slots are absolute words, patched here. */
FuncVal *fv_closure_code(word (*code)(word a, word captured), word captured) {
  unsigned char *block = fv_code_alloc(trampoline_size());
  unsigned char *tramp = block + sizeof(word);
  memcpy(tramp, fv_trampoline, (size_t)(fv_trampoline_end - fv_trampoline));
  memcpy(tramp + fv_trampoline_captured, &captured, sizeof captured);
  const word target = (word)code;
  memcpy(tramp + fv_trampoline_code, &target, sizeof target);
  const word entry = (word)tramp | fv_trampoline_thumb;
  memcpy(block, &entry, sizeof entry);
  /* ARM: the kernel's cacheflush (arch/arm/kernel/traps.c), as Go's runtime called it. */
  fv_flush_code(block, tramp + (fv_trampoline_end - fv_trampoline));
  return (FuncVal *)block;
}

void fv_closure_code_free(FuncVal *fn) { fv_code_free(fn, trampoline_size()); }
