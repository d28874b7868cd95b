//! exit: 0
//! stdout: kuser helpers ok
// The ARM kernel user helpers (Documentation/arm/kernel_user_helpers.rst) at fixed
// addresses in the vectors page: __kuser_helper_version, __kuser_get_tls,
// __kuser_cmpxchg, __kuser_memory_barrier and __kuser_cmpxchg64. Go built for
// GOARM=5/6 calls them thousands of times per run, so each is checked here for both
// outcomes (swap and no swap), including the C flag that callers may test instead of r0.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef int (*cmpxchg_fn)(int oldval, int newval, volatile int* ptr);
typedef int (*cmpxchg64_fn)(const int64_t* oldval, const int64_t* newval, volatile int64_t* ptr);
typedef void* (*get_tls_fn)(void);
typedef void (*barrier_fn)(void);

#define KUSER_VERSION (*(volatile int32_t*)0xffff0ffc)
#define KUSER_GET_TLS ((get_tls_fn)0xffff0fe0)
#define KUSER_CMPXCHG ((cmpxchg_fn)0xffff0fc0)
#define KUSER_BARRIER ((barrier_fn)0xffff0fa0)
#define KUSER_CMPXCHG64 ((cmpxchg64_fn)0xffff0f60)

static int failures;

static void check(int ok, const char* what) {
  if (!ok) {
    printf("FAIL: %s\n", what);
    failures++;
  }
}

int main(void) {
  check(KUSER_VERSION >= 5, "helper version >= 5 (cmpxchg64 present)");

  void* tp;
  __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));
  check(KUSER_GET_TLS() == tp, "get_tls returns TPIDRURO");
  check(tp != NULL, "glibc set a thread pointer");

  volatile int word = 5;
  check(KUSER_CMPXCHG(5, 7, &word) == 0 && word == 7, "cmpxchg swaps when equal");
  check(KUSER_CMPXCHG(5, 9, &word) != 0 && word == 7, "cmpxchg leaves it when different");

  KUSER_BARRIER();

  volatile int64_t big = 0x100000002LL;
  const int64_t old_ok = 0x100000002LL, old_bad = 0x100000003LL, new_val = -42;
  check(KUSER_CMPXCHG64(&old_bad, &new_val, &big) != 0 && big == 0x100000002LL,
        "cmpxchg64 leaves it when different");
  check(KUSER_CMPXCHG64(&old_ok, &new_val, &big) == 0 && big == -42,
        "cmpxchg64 swaps when equal");

  if (failures) return 1;
  puts("kuser helpers ok");
  return 0;
}
