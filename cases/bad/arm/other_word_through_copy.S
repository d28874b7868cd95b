//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xc -> plain
// Breaks "site": the code is taken from word 1 of fv_a through R3, and R7 is loaded
// with the same func value from a literal of its own (as Go's runtime.main does), so
// the func value in the context register is the one the code word came from, but not
// from its word 0. Word 1 happens to be a function that does not read R7 (entry does
// not apply) and starts there (target holds): only the site rule says it, comparing
// R3 with R7 at the call.
#include "prelude.inc"
        START
        ldr     r3, =fv_a
        ldr     r0, [r3, #4]            // word 1, not word 0
        ldr     r7, =fv_a
        blx     r0                      // icall R0 <- [R3+0x4] -> plain, ctx=fv_a word0=closure_a
        cmp     r0, #42
        END_START

        CLOSURE closure_a

        .arm
        .type   plain, %function
plain:
        mov     r0, #42
        bx      lr
        .size   plain, .-plain

        DATA
        FUNC_VALUE fv_a, closure_a, plain
