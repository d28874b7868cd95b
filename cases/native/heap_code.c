//! exit: 0
//! stdout: generated function returns 41: yes
//! stdout: rewritten in place with more instructions returns 7: yes
//! stdout: rewritten back returns 99: yes
//! stdout: code across a page boundary: yes
//! stdout: second page rewritten alone: yes
//! stdout: closure trampolines pass their context: yes
//! stdout: trampoline retargeted to new data: yes
//! stdout: immediate rewritten 1000 times, sum 500500: yes
//! stdout: remapped page starts zeroed: yes
//! stdout: code in a page remapped at the same address runs: yes
//! stdout: heap code ok

/*
 * Code written at run time into writable, executable memory, as 2013-era Go runtimes
 * did: closure trampolines and reflect.MakeFunc stubs lived on the (RWX) heap, and
 * heap memory that held code was freed and reused for other code. A translator that
 * caches translated blocks must notice every write to code it translated (the kernel
 * has nothing to do here on x86, where instruction fetch is coherent with stores; on
 * ARM __builtin___clear_cache is the cacheflush syscall, arch/arm/kernel/traps.c).
 *
 * Each write is followed by a call: a function is replaced at the same address by one
 * of the same byte length but a different instruction count, a function straddling a
 * page boundary has only its second page rewritten, a trampoline carries a data
 * pointer to a C function (a Go closure: the code on the heap holds the context), an
 * immediate is rewritten 1000 times with a call after each rewrite (any stale
 * translation would show in the sum), and a page is unmapped and mapped again at the
 * same address with new code.
 *
 * ARM code is written in A32 (ARM state) and called through a pointer with bit 0 clear:
 * blx to such an address switches to ARM state from Thumb code too.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef int (*generated_fn)(void);

struct closure_ctx {
  int x, y;
};

static const char* yes(int ok) { return ok ? "yes" : "no"; }

// Makes the instruction stream see what was just written (cacheflush on ARM).
static void flush(uint8_t* at, size_t len) { __builtin___clear_cache((char*)at, (char*)at + len); }

static int call(uint8_t* at) { return ((generated_fn)(uintptr_t)at)(); }

#if defined(__x86_64__) || defined(__i386__)

// `mov eax, imm32; ret` and `xor eax, eax; mov al, imm8; nop; ret`: 6 bytes each, 2
// and 4 instructions. The same encodings on i386 and x86-64.
enum { CONST_LEN = 6, PAGE_SPLIT = 3 };  // PAGE_SPLIT: bytes of the function before a page end

static void put_const(uint8_t* at, uint32_t v) {
  at[0] = 0xb8;
  memcpy(at + 1, &v, 4);
  at[5] = 0xc3;
}

static void put_const_nops(uint8_t* at, uint8_t v) {
  const uint8_t code[CONST_LEN] = {0x31, 0xc0, 0xb0, v, 0x90, 0xc3};
  memcpy(at, code, sizeof code);
}

// The immediate's two low and two high bytes (at + 3 and at + 4 are the high ones).
static void patch_const_low(uint8_t* at, uint16_t lo) { memcpy(at + 1, &lo, 2); }
static void patch_const_high(uint8_t* at, uint16_t hi) { memcpy(at + 3, &hi, 2); }

#if defined(__x86_64__)
#define CTX_ABI
// movabs rdi, ctx; movabs rax, target; jmp rax: the context arrives as the first argument.
static size_t put_trampoline(uint8_t* at, void* ctx, void* target) {
  const uint64_t c = (uintptr_t)ctx, t = (uintptr_t)target;
  at[0] = 0x48, at[1] = 0xbf;
  memcpy(at + 2, &c, 8);
  at[10] = 0x48, at[11] = 0xb8;
  memcpy(at + 12, &t, 8);
  at[20] = 0xff, at[21] = 0xe0;
  return 22;
}
#else
// regparm(1): the first argument in eax, so the trampoline needs no stack juggling.
#define CTX_ABI __attribute__((regparm(1)))
// mov eax, ctx; mov ecx, target; jmp ecx
static size_t put_trampoline(uint8_t* at, void* ctx, void* target) {
  const uint32_t c = (uintptr_t)ctx, t = (uintptr_t)target;
  at[0] = 0xb8;
  memcpy(at + 1, &c, 4);
  at[5] = 0xb9;
  memcpy(at + 6, &t, 4);
  at[10] = 0xff, at[11] = 0xe1;
  return 12;
}
#endif

#elif defined(__arm__)

#define CTX_ABI
// A32: `movw r0, #lo; movt r0, #hi; bx lr; udf` and `nop; nop; movw r0, #v; bx lr`:
// 16 bytes each, 3 and 4 instructions (the udf word is never reached).
enum { CONST_LEN = 16, PAGE_SPLIT = 4 };  // the movt word starts the second page

static void put_word(uint8_t* at, uint32_t w) { memcpy(at, &w, 4); }
static uint32_t movw_r0(uint16_t v) { return 0xe3000000u | (uint32_t)(v >> 12) << 16 | (v & 0xfffu); }
static uint32_t movt_r0(uint16_t v) { return 0xe3400000u | (uint32_t)(v >> 12) << 16 | (v & 0xfffu); }
static const uint32_t bx_lr = 0xe12fff1eu, nop = 0xe1a00000u /* mov r0, r0 */, udf = 0xe7f000f0u;

static void put_const(uint8_t* at, uint32_t v) {
  put_word(at, movw_r0((uint16_t)v));
  put_word(at + 4, movt_r0((uint16_t)(v >> 16)));
  put_word(at + 8, bx_lr);
  put_word(at + 12, udf);
}

static void put_const_nops(uint8_t* at, uint8_t v) {
  put_word(at, nop);
  put_word(at + 4, nop);
  put_word(at + 8, movw_r0(v));
  put_word(at + 12, bx_lr);
}

static void patch_const_low(uint8_t* at, uint16_t lo) { put_word(at, movw_r0(lo)); }
static void patch_const_high(uint8_t* at, uint16_t hi) { put_word(at + 4, movt_r0(hi)); }

// ldr r0, [pc, #4]; ldr r12, [pc, #4]; bx r12; .word ctx; .word target (pc reads 8
// ahead). bx switches to Thumb when the target's bit 0 is set.
static size_t put_trampoline(uint8_t* at, void* ctx, void* target) {
  put_word(at, 0xe59f0004u);
  put_word(at + 4, 0xe59fc004u);
  put_word(at + 8, 0xe12fff1cu);
  put_word(at + 12, (uint32_t)(uintptr_t)ctx);
  put_word(at + 16, (uint32_t)(uintptr_t)target);
  return 20;
}

#else
#error "no code generator for this architecture"
#endif

// What a closure's code pointer leads to: it finds its data through the register the
// trampoline loaded.
CTX_ABI static int closure_body(struct closure_ctx* c) { return c->x * 100 + c->y; }

static void write_const(uint8_t* at, uint32_t v) {
  put_const(at, v);
  flush(at, CONST_LEN);
}

// Same address, same length, different instruction count, then back again.
static int check_rewrite_in_place(uint8_t* at) {
  write_const(at, 41);
  const int first = call(at);
  printf("generated function returns 41: %s\n", yes(first == 41));
  put_const_nops(at, 7);
  flush(at, CONST_LEN);
  const int second = call(at);
  printf("rewritten in place with more instructions returns 7: %s\n", yes(second == 7));
  write_const(at, 99);
  const int third = call(at);
  printf("rewritten back returns 99: %s\n", yes(third == 99));
  return first == 41 && second == 7 && third == 99;
}

// A function whose bytes span two pages; then only bytes in the second page change.
static int check_page_straddle(uint8_t* page_end) {
  uint8_t* at = page_end - PAGE_SPLIT;
  write_const(at, 0x00050006);
  const int whole = call(at) == 0x00050006;
  printf("code across a page boundary: %s\n", yes(whole));
  patch_const_high(at, 0x0009);
  flush(at, CONST_LEN);
  const int second = call(at) == 0x00090006;
  printf("second page rewritten alone: %s\n", yes(second));
  return whole && second;
}

static int check_closures(uint8_t* a, uint8_t* b) {
  static struct closure_ctx one = {1, 2}, two = {3, 4}, three = {5, 6};
  flush(a, put_trampoline(a, &one, (void*)(uintptr_t)closure_body));
  flush(b, put_trampoline(b, &two, (void*)(uintptr_t)closure_body));
  const int both = call(a) == 102 && call(b) == 304 && call(a) == 102;
  printf("closure trampolines pass their context: %s\n", yes(both));
  flush(a, put_trampoline(a, &three, (void*)(uintptr_t)closure_body));
  const int again = call(a) == 506 && call(b) == 304;
  printf("trampoline retargeted to new data: %s\n", yes(again));
  return both && again;
}

// Every call must run the immediate written just before it.
static int check_immediate_loop(uint8_t* at) {
  write_const(at, 0);
  long sum = 0;
  int all_fresh = 1;
  for (int i = 1; i <= 1000; i++) {
    patch_const_low(at, (uint16_t)i);
    flush(at, CONST_LEN);
    const int got = call(at);
    all_fresh &= got == i;
    sum += got;
  }
  const int ok = all_fresh && sum == 500500;
  printf("immediate rewritten 1000 times, sum 500500: %s\n", yes(ok));
  return ok;
}

static int all_zero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return 0;
  return 1;
}

// Code is translated and run, its mapping dropped, and a new mapping at the same address
// gets different code: nothing of the old translation may survive.
static int check_remap(uint8_t* region, size_t size) {
  write_const(region, 1234);
  const int before = call(region) == 1234;
  if (munmap(region, size) != 0) return 0;
  uint8_t* again = mmap(region, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  const int zeroed = again == region && all_zero(again, size);
  printf("remapped page starts zeroed: %s\n", yes(zeroed));
  if (again != region) return 0;
  write_const(region, 4321);
  const int after = call(region) == 4321;
  printf("code in a page remapped at the same address runs: %s\n", yes(before && after));
  return zeroed && before && after;
}

int main(void) {
  const size_t page = (size_t)sysconf(_SC_PAGESIZE);
  const size_t size = 2 * page;
  uint8_t* region = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) {
    puts("mmap RWX failed");
    return 1;
  }
  int ok = check_rewrite_in_place(region);
  ok &= check_page_straddle(region + page);
  ok &= check_closures(region + 256, region + 512);
  ok &= check_immediate_loop(region + 1024);
  ok &= check_remap(region, size);
  if (!ok) {
    puts("heap code FAILED");
    return 1;
  }
  puts("heap code ok");
  return 0;
}
