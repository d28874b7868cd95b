//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xc -> closure_a
//! violation: entry _start+0xc -> closure_a
// Breaks "entry": the context register R7 holds a valid func value, but the wrong
// one: fv_b (word 0 closure_b), while the code called is closure_a, taken from word 0
// of fv_a through R0. closure_a consumes R7, so entering it with ctx = fv_b,
// word0 = closure_b != closure_a is the breach (closure_a then reads fv_b's captured
// word, 77). "site" says it too: the code word came from word 0 of
// the func value in another register, which the block leaves unchanged up to the call.
#include "prelude.inc"
        START
        ldr     r0, =fv_a
        ldr     r1, [r0]
        ldr     r7, =fv_b               // another closure's func value
        blx     r1                      // icall R1 <- [R0+0] -> closure_a, ctx=fv_b word0=closure_b
        cmp     r0, #77                 // closure_a read fv_b's captured word
        END_START

        TWO_CLOSURES
