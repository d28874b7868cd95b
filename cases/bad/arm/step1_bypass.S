//! exit: 0
//! stdout: bad case ran
//! profile: go-step1
//! violation: step1 _start+0x30 -> fn_a
// Breaks "step1" (Go's 2013 seed: the func value in R0, its word 0 loaded into R1 and
// called). The first call is the conforming one: R1 <- [R0+0]. The second has the
// same func value in R0 and calls the same code, but takes the address from a literal
// pool (ldr r1, =fn_a) instead of loading it from the func value's word 0: the target
// equals the word at [R0], yet it did not come from [R+0] of any register. Between
// them, an interface call through an itab's method slot (Itab.fun at 3 words + 8
// bytes), which is no func-value call and must not be reported. fn_a reads no
// register before writing it.
#include "prelude.inc"
        START
        ldr     r0, =fv_a
        ldr     r1, [r0]
        blx     r1                      // icall R1 <- [R0+0] -> fn_a: conforming
        cmp     r0, #5
        bne     fail
        ldr     r0, =itab_a             // an interface call as step 1's cgen_callinter made
        ldr     r1, [r0, #0x14]         // it: the itab's fun[0], called as a code pointer
        blx     r1                      // icall R1 <- [R0+0x14] -> fn_a: not a func value
        cmp     r0, #5
        bne     fail
        ldr     r0, =fv_a               // the func value, as before
        ldr     r1, =fn_a               // but the code address from the literal pool
        blx     r1                      // icall R1 <- [literal] -> fn_a: bypasses word 0
        cmp     r0, #5
        END_START

        .arm
        .type   fn_a, %function
fn_a:
        mov     r0, #5
        bx      lr
        .size   fn_a, .-fn_a

        DATA
        // A step-1 func value: one word, the code.
        .type   fv_a, %object
fv_a:   .word   fn_a
        .size   fv_a, .-fv_a
        // Step 1's Itab (runtime.h): inter, type, link, bad, unused, then fun[].
        .type   itab_a, %object
itab_a: .word   0, 0, 0, 0, 0, fn_a
        .size   itab_a, .-itab_a
