//! exit: 0
//! stdout: cpu features ok

/*
 * What the CPU says it can do, it must do. On x86 the program reads CPUID leaf 1 (and
 * leaf 7 where offered); on ARM it reads AT_HWCAP. For every feature reported it then
 * executes one instruction that needs it. On x86 CPUID is the answer of Unicorn's CPU
 * model (emu/arch/x86_cpu.h) and AT_HWCAP must be its leaf 1 EDX; on ARM fvemu builds
 * AT_HWCAP itself (emu/arch/arch_arm.cpp). A claim that is wrong makes this program
 * die with SIGILL. Under qemu-user the reported set differs, but every reported
 * feature must work there too.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int checked;

#include <sys/auxv.h>

#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>

// i686 code is built without SSE, so the compiler does not know the xmm registers.
#ifdef __SSE__
#define XMM0 "xmm0"
#else
#define XMM0 "memory"
#endif

// AT_HWCAP as the kernel put it on the stack, after the environment (glibc's
// getauxval answers with its own bits on x86).
static unsigned long auxv_hwcap(void) {
  extern char** environ;
  char** p = environ;
  while (*p) p++;
  for (unsigned long* a = (unsigned long*)(p + 1); a[0] != AT_NULL; a += 2)
    if (a[0] == AT_HWCAP) return a[1];
  return 0;
}

static void x86_features(void) {
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  // Linux hands CPUID.1:EDX to the program as AT_HWCAP (arch/x86/include/asm/elf.h).
  if (auxv_hwcap() != d) {
    printf("AT_HWCAP %#lx is not CPUID.1:EDX %#x\n", auxv_hwcap(), d);
    return;
  }
  if (d & (1u << 0)) { double x = 1.0; __asm__ volatile("fldl %0; fstpl %0" : "+m"(x)); checked++; }
  if (d & (1u << 4)) { unsigned lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); checked++; }
  if (d & (1u << 8)) {
    uint64_t mem = 5;
    uint32_t lo = 5, hi = 0;
    __asm__ volatile("lock cmpxchg8b %0" : "+m"(mem), "+a"(lo), "+d"(hi) : "b"(7), "c"(0));
    if (mem != 7) return;
    checked++;
  }
  if (d & (1u << 15)) { int r = 1, s = 2; __asm__ volatile("cmp %1, %1; cmove %1, %0" : "+r"(r) : "r"(s)); if (r != 2) return; checked++; }
  if (d & (1u << 19)) { static char line[64]; __asm__ volatile("clflush %0" : "+m"(line[0])); checked++; }
  if (d & (1u << 23)) { __asm__ volatile("pxor %%mm0, %%mm0; paddd %%mm0, %%mm0; emms" ::: "memory"); checked++; }
  if (d & (1u << 24)) { static char area[512] __attribute__((aligned(16))); __asm__ volatile("fxsave %0; fxrstor %0" : "+m"(area)); checked++; }
  if (d & (1u << 25)) { __asm__ volatile("xorps %%xmm0, %%xmm0; addps %%xmm0, %%xmm0" :::  XMM0); checked++; }
  if (d & (1u << 26)) { __asm__ volatile("pxor %%xmm0, %%xmm0; paddq %%xmm0, %%xmm0" :::  XMM0); checked++; }
  if (c & (1u << 0)) { __asm__ volatile("haddps %%xmm0, %%xmm0" :::  XMM0); checked++; }
  if (c & (1u << 9)) { __asm__ volatile("pshufb %%xmm0, %%xmm0" :::  XMM0); checked++; }
  if (c & (1u << 19)) { __asm__ volatile("pmulld %%xmm0, %%xmm0; ptest %%xmm0, %%xmm0; pminud %%xmm0, %%xmm0" :::  XMM0); checked++; }
  if (c & (1u << 20)) {  // SSE4.2: crc32 and the string compares glibc's str* routines use
    unsigned v = 0;
    __asm__ volatile("crc32b %1, %0" : "+r"(v) : "r"((char)1));
    if (v != 0xf26b8303u) return;
    __asm__ volatile("pxor %%xmm0, %%xmm0; pcmpistri $0x3a, %%xmm0, %%xmm0" ::: XMM0, "ecx", "cc");
    checked++;
  }
  if (c & (1u << 23)) { unsigned v; __asm__ volatile("popcnt %1, %0" : "=r"(v) : "r"(0xffu)); if (v != 8) return; checked++; }
  if ((c & (1u << 27)) && (c & (1u << 28))) {  // OSXSAVE and AVX: only if the OS enabled YMM
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) == 6) { __asm__ volatile("vxorps %%ymm0, %%ymm0, %%ymm0" :::  XMM0); checked++; }
  }
  checked += 1000;  // reached the end: every reported feature ran
}
#endif

#if defined(__arm__)

__attribute__((target("arm"), noinline)) static int arm_state_checks(unsigned long hw) {
  int n = 0;
  if (hw & (1ul << 0)) {  // SWP
    int mem = 3;
    register int old __asm__("r0");
    register int val __asm__("r1") = 9;
    register int* ptr __asm__("r2") = &mem;
    // swp r0, r1, [r2], encoded by hand: assemblers warn that ARMv7 deprecates it.
    __asm__ volatile(".inst 0xe1020091" : "=r"(old) : "r"(val), "r"(ptr) : "memory");
    if (old != 3 || mem != 9) return -1000;
    n++;
  }
  if (hw & (1ul << 17)) {  // IDIVA: sdiv in ARM state
    int q;
    __asm__ volatile(".arch armv7ve\n sdiv %0, %1, %2" : "=r"(q) : "r"(42), "r"(6));
    if (q != 7) return -1000;
    n++;
  }
  return n;
}

static void arm_features(void) {
  const unsigned long hw = getauxval(AT_HWCAP);
  const int in_arm_state = arm_state_checks(hw);
  if (in_arm_state < 0) return;
  checked += in_arm_state;
  if (hw & (1ul << 1)) { volatile uint16_t h = 0xbeef; if (h != 0xbeef) return; checked++; }  // HALF
  if (hw & (1ul << 4)) {  // FAST_MULT
    unsigned lo, hi;
    __asm__ volatile("umull %0, %1, %2, %3" : "=&r"(lo), "=&r"(hi) : "r"(0x10000u), "r"(0x10000u));
    if (lo != 0 || hi != 1) return;
    checked++;
  }
  if (hw & (1ul << 6)) { __asm__ volatile("vadd.f64 d0, d0, d0" ::: "d0"); checked++; }        // VFP
  if (hw & (1ul << 7)) { int r; __asm__ volatile("qadd %0, %1, %1" : "=r"(r) : "r"(1)); checked++; }  // EDSP
  if (hw & (1ul << 12)) { __asm__ volatile(".fpu neon\n vadd.i32 q0, q0, q0" ::: "d0", "d1"); checked++; }
  if (hw & (1ul << 13)) { __asm__ volatile(".fpu vfpv3\n vmov.f64 d0, #1.0" ::: "d0"); checked++; }  // VFPv3
  if (hw & (1ul << 15)) { void* tp; __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp)); checked++; }  // TLS
  if (hw & (1ul << 16)) { __asm__ volatile(".fpu vfpv4\n vfma.f64 d0, d0, d0" ::: "d0"); checked++; }  // VFPv4
  if (hw & (1ul << 18)) {  // IDIVT: this function is Thumb when built for Thumb
    int q;
    __asm__ volatile(".arch armv7ve\n sdiv %0, %1, %2" : "=r"(q) : "r"(42), "r"(7));
    if (q != 6) return;
    checked++;
  }
  if (hw & (1ul << 19)) { __asm__ volatile(".fpu vfpv3\n vmov.f64 d16, d0" ::: "d16"); checked++; }  // VFPD32
  checked += 1000;
}
#endif

int main(void) {
#if defined(__i386__) || defined(__x86_64__)
  x86_features();
#elif defined(__arm__)
  arm_features();
#endif
  if (checked < 1000) {
    printf("a reported feature misbehaved (after %d checks)\n", checked);
    return 1;
  }
  puts("cpu features ok");
  return 0;
}
