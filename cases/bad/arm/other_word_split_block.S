//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x404 -> plain
// Breaks "site" as other_word_through_copy does, but with the code-word load the first
// instruction of its own block: Unicorn (like QEMU, whose ARM target pages are 1 KiB)
// ends a translation block at a 1 KiB boundary, so `mov r7, r0` runs in the block
// before and the load's block cannot tell that R0 holds the func value in R7. Go
// 1.21 and 1.23's runtime.mcall has this shape where its `MOVW 0(R0), R0` falls on
// such a boundary. The tracer reads R0 at the block's entry: it is the func value in
// R7, and the code came from its word 1.
#include "prelude.inc"
        START
        ldr     r0, =fv_a
        mov     r7, r0
        .balignl 1024, 0xe1a00000       // mov r0, r0: no-ops up to the boundary
        ldr     r0, [r0, #4]            // word 1, not word 0; a block of its own
        blx     r0                      // icall R0 <- [R0+0x4] -> plain, ctx=fv_a word0=closure_a
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
