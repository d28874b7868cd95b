//! exit: 0
//! stdout: bad case ran
//! stdout: C pointer calls: 3 + 9 = 12
//! stdout: bad call returned 0
//! violation(go): site bad_call -> triple
//! violation(go): entry bad_call -> triple
//! violation(go-step1): step1 bad_call -> triple
/*
 * A real violation next to indirect calls the checker classes as C code (cases/native/
 * runtime/c_pointer_calls.c): classing C function pointer calls must not hide a broken
 * func-value call in code that follows the ABI. bad_call is assembly, as Go's compiled
 * code is to the checker (no C line information: its own section):
 *   go: loads word 0 of the func value from the context register, then loads another
 *       func value into that register before the call (rules site and entry);
 *   go-step1: puts the func value in its register but calls the body's address taken
 *       from a literal, not from word 0 (rule step1).
 * The C pointer calls around it (a struct slot, a stack slot) are reported by neither.
 */
#include "fvrt.h"

#define OPAQUE(p) __asm__ volatile("" : "+r"(p))

FV_FUNC(triple) { return 3 * a; }
FV_FUNC(other_body) { return 1000; }
static const FuncVal triple_fv = {triple};
static const FuncVal other_fv = {other_body};

word bad_call(const FuncVal *fv, const FuncVal *other);

#if defined(__x86_64__) && !defined(FV_PROFILE_GO_STEP1)
__asm__(".pushsection .text.bad_call,\"ax\",@progbits\n"
        ".globl bad_call\n.type bad_call,@function\nbad_call:\n"
        "  subq $8, %rsp\n  movq %rdi, %rdx\n  movq (%rdx), %rcx\n"
        "  movq %rsi, %rdx\n  xorl %edi, %edi\n  xorl %esi, %esi\n  call *%rcx\n"
        "  addq $8, %rsp\n  ret\n.size bad_call, .-bad_call\n.popsection\n");
#elif defined(__x86_64__)
__asm__(".pushsection .text.bad_call,\"ax\",@progbits\n"
        ".globl bad_call\n.type bad_call,@function\nbad_call:\n"
        "  pushq %rbx\n  movq %rdi, %rax\n  leaq triple(%rip), %rbx\n"
        "  xorl %edi, %edi\n  xorl %esi, %esi\n  call *%rbx\n"
        "  popq %rbx\n  ret\n.size bad_call, .-bad_call\n.popsection\n");
#elif defined(__i386__) && !defined(FV_PROFILE_GO_STEP1)
__asm__(".pushsection .text.bad_call,\"ax\",@progbits\n"
        ".globl bad_call\n.type bad_call,@function\nbad_call:\n"
        "  movl 4(%esp), %edx\n  movl (%edx), %ecx\n  movl 8(%esp), %edx\n"
        "  pushl $0\n  pushl $0\n  call *%ecx\n  addl $8, %esp\n  ret\n"
        ".size bad_call, .-bad_call\n.popsection\n");
#elif defined(__i386__)
__asm__(".pushsection .text.bad_call,\"ax\",@progbits\n"
        ".globl bad_call\n.type bad_call,@function\nbad_call:\n"
        "  pushl %ebx\n  movl 8(%esp), %eax\n  movl $triple, %ebx\n"
        "  pushl $0\n  pushl $0\n  call *%ebx\n  addl $8, %esp\n  popl %ebx\n  ret\n"
        ".size bad_call, .-bad_call\n.popsection\n");
#elif defined(__arm__) && !defined(FV_PROFILE_GO_STEP1)
__asm__(".pushsection .text.bad_call,\"ax\",%progbits\n.arm\n.balign 4\n"
        ".globl bad_call\n.type bad_call,%function\nbad_call:\n"
        "  push {r4, r5, r7, lr}\n  mov r7, r0\n  ldr r2, [r7]\n  mov r7, r1\n"
        "  mov r0, #0\n  mov r1, #0\n  blx r2\n  pop {r4, r5, r7, pc}\n"
        ".size bad_call, .-bad_call\n.popsection\n");
#elif defined(__arm__)
__asm__(".pushsection .text.bad_call,\"ax\",%progbits\n.arm\n.balign 4\n"
        ".globl bad_call\n.type bad_call,%function\nbad_call:\n"
        "  push {r4, lr}\n  ldr r1, =triple\n  mov r2, #0\n  mov r3, #0\n  blx r1\n"
        "  pop {r4, pc}\n  .ltorg\n.size bad_call, .-bad_call\n.popsection\n");
#endif

typedef struct Hook {
  word size;
  word (*fn)(word);
} Hook;

static __attribute__((noinline)) word add1(word x) { return x + 1; }
static __attribute__((noinline)) word square(word x) { return x * x; }

static __attribute__((noinline)) word call_hook(Hook *h, word x) {
  OPAQUE(h);
  return h->fn(x);
}

static __attribute__((noinline)) word call_slot(word (*fn)(word), word x) {
  word (*volatile slot)(word) = fn;
  return slot(x);
}

word fv_main(int argc, char **argv) {
  (void)argc, (void)argv;
  fv_print("bad case ran\n");
  Hook h = {1, add1};
  fv_printf("C pointer calls: %u + %u = %u\n", call_hook(&h, 2), call_slot(square, 3),
            call_hook(&h, 2) + call_slot(square, 3));
  fv_printf("bad call returned %u\n", bad_call(&triple_fv, &other_fv));
  return 0;
}
