/*
 * What the programs on fvrt share: a trace of the steps they take, checked against
 * the expected sequence (printed in full when it differs).
 */
#ifndef CASES_RUNTIME_TRACE_H
#define CASES_RUNTIME_TRACE_H

#include "fvrt.h"

enum { TRACE_MAX = 128 };
static word trace[TRACE_MAX];
static int ntrace;

static inline void note(word v) {
  if (ntrace < TRACE_MAX) trace[ntrace] = v;
  ntrace++;
}

/* Whether the steps noted since the last check are `want`; starts a new trace. */
static inline int trace_is(const word *want, int n) {
  int ok = ntrace == n;
  for (int i = 0; ok && i < n; i++) ok = trace[i] == want[i];
  if (!ok) {
    fv_print("trace:");
    for (int i = 0; i < ntrace && i < TRACE_MAX; i++) fv_printf(" %u", trace[i]);
    fv_print("\n");
  }
  ntrace = 0;
  return ok;
}
#define TRACE_IS(...) \
  trace_is((const word[]){__VA_ARGS__}, sizeof((const word[]){__VA_ARGS__}) / sizeof(word))

#endif
