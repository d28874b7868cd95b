//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xc -> closure_a
//! violation: entry _start+0xc -> closure_a
// Breaks "site" (and so "entry"): the code word is loaded from word 0 of the func value
// in the context register, fv_a, but R7 is overwritten with fv_b before the call, in
// the same straight-line block. At the call, word 0 of the func value in R7 is
// closure_b, not the target closure_a ("site"), and closure_a, which consumes R7, is
// entered with ctx = fv_b, word0 = closure_b ("entry"; it reads fv_b's word 1, 77).
#include "prelude.inc"
        START
        ldr     r7, =fv_a
        ldr     r0, [r7]                // code word from [R7+0], ctx = fv_a
        ldr     r7, =fv_b               // the context register clobbered
        blx     r0                      // icall R0 <- [R7+0] -> closure_a, ctx=fv_b word0=closure_b
        cmp     r0, #77                 // closure_a read fv_b's captured word
        END_START

        TWO_CLOSURES
