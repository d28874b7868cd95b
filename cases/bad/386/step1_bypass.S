//! exit: 0
//! stdout: bad case ran
//! profile: go-step1
//! violation: step1 _start+0x27 -> fn_a
// Breaks "step1" (Go's 2013 seed: the func value in EAX, its word 0 loaded into EBX
// and called). The first call is the conforming one: EBX <- [EAX+0]. The second has
// the same func value in EAX and calls the same code, but takes the address as an
// immediate instead of loading it from the func value's word 0: the target equals the
// word at [EAX], yet it did not come from [R+0] of any register. Between them, an
// interface call through an itab's method slot (Itab.fun at 3 words + 8 bytes), which
// is no func-value call and must not be reported. fn_a reads no register before
// writing it.
// step1_dx_bypass.S builds this program with the func value in EDX (FV_REG).
#include "prelude.inc"
#ifndef FV_REG
#define FV_REG %eax
#endif
        START
        movl    $fv_a, FV_REG
        movl    (FV_REG), %ebx
        call    *%ebx                   // icall BX <- [AX+0] -> fn_a: conforming
        cmpl    $5, %eax
        jne     fail
        movl    $itab_a, FV_REG         // an interface call as step 1's cgen_callinter made
        movl    0x14(FV_REG), %ebx      // it: the itab's fun[0], called as a code pointer
        call    *%ebx                   // icall BX <- [AX+0x14] -> fn_a: not a func value
        cmpl    $5, %eax
        jne     fail
        movl    $fv_a, FV_REG           // the func value, as before
        movl    $fn_a, %ebx             // but the code address as an immediate
        call    *%ebx                   // icall BX <- imm -> fn_a: bypasses word 0
        cmpl    $5, %eax
        END_START

        .type   fn_a, @function
fn_a:
        movl    $5, %eax
        ret
        .size   fn_a, .-fn_a

        DATA
        // A step-1 func value: one word, the code.
        .type   fv_a, @object
fv_a:   .long   fn_a
        .size   fv_a, .-fv_a
        // Step 1's Itab (runtime.h): inter, type, link, bad, unused, then fun[].
        .type   itab_a, @object
itab_a: .long   0, 0, 0, 0, 0, fn_a
        .size   itab_a, .-itab_a
