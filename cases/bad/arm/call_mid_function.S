//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0x8 -> closure_mid+0x4
// Breaks "target": R7 holds fv_mid, whose word 0 points into the middle of closure_mid,
// past its first instruction, instead of at its entry (a code word taken from the
// wrong place lands there). The call agrees with the func value (site holds) and
// closure_mid+0x4 is no function's entry (entry does not apply): only "target", which
// wants a function's entry, says it.
#include "prelude.inc"
        START
        ldr     r7, =fv_mid
        ldr     r0, [r7]
        blx     r0                      // icall R0 <- [R7+0] -> closure_mid+0x4
        cmp     r0, #42
        END_START

        .arm
        .type   closure_mid, %function
closure_mid:
        mov     r0, #0                  // the instruction the call skips
.Lbody: ldr     r0, [r7, #4]
        bx      lr
        .size   closure_mid, .-closure_mid

        DATA
        FUNC_VALUE fv_mid, .Lbody, 42
