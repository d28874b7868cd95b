//! exit: 0
//! stdout: bad case ran
//! profile: go-step1
//! violation: step1 _start+0x33 -> fn_a
// Breaks "step1" (Go's 2013 seed: the func value in RAX, its word 0 loaded into RBX
// and called). The first call is the conforming one: RBX <- [RAX+0]. The second has
// the same func value in RAX and calls the same code, but takes the address as an
// immediate instead of loading it from the func value's word 0: the target equals the
// word at [RAX], yet it did not come from [R+0] of any register. Between them, an
// interface call through an itab's method slot (Itab.fun at 3 words + 8 bytes), which
// is no func-value call and must not be reported. fn_a reads no register before
// writing it.
// step1_dx_bypass.S builds this program with the func value in RDX (FV_REG).
#include "prelude.inc"
#ifndef FV_REG
#define FV_REG %rax
#endif
        START
        leaq    fv_a(%rip), FV_REG
        movq    (FV_REG), %rbx
        call    *%rbx                   // icall BX <- [AX+0] -> fn_a: conforming
        cmpq    $5, %rax
        jne     fail
        leaq    itab_a(%rip), FV_REG    // an interface call as step 1's cgen_callinter made
        movq    0x20(FV_REG), %rbx      // it: the itab's fun[0], called as a code pointer
        call    *%rbx                   // icall BX <- [AX+0x20] -> fn_a: not a func value
        cmpq    $5, %rax
        jne     fail
        leaq    fv_a(%rip), FV_REG      // the func value, as before
        movq    $fn_a, %rbx             // but the code address as an immediate
        call    *%rbx                   // icall BX <- imm -> fn_a: bypasses word 0
        cmpq    $5, %rax
        END_START

        .type   fn_a, @function
fn_a:
        movl    $5, %eax
        ret
        .size   fn_a, .-fn_a

        // A step-1 func value: one word, the code.
        DATA
        .type   fv_a, @object
fv_a:   .quad   fn_a
        .size   fv_a, .-fv_a
        // Step 1's Itab (runtime.h): inter, type, link, bad, unused, then fun[].
        .type   itab_a, @object
itab_a: .quad   0, 0, 0
        .long   0, 0
        .quad   fn_a
        .size   itab_a, .-itab_a
