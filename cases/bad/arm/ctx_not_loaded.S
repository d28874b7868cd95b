//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xc -> closure_a
//! violation: entry _start+0xc -> closure_a
// Breaks "entry": the caller takes closure_a's code from word 0 of fv_a through R0 but
// never loads the func value into the context register R7, which still points at a
// stale data object, not_a_funcval (word 0 is 0, not code). closure_a consumes R7 (it
// reads its captured word through it), so entering it with ctx = not_a_funcval, word0
// = 0 != closure_a is the breach. "site" says it too: the code word came from word 0
// of a func value in another register, and the context register holds none. The data
// keeps the run harmless.
#include "prelude.inc"
        START
        ldr     r0, =fv_a
        ldr     r1, [r0]
        ldr     r7, =not_a_funcval      // the func value never reaches R7
        blx     r1                      // icall R1 <- [R0+0] -> closure_a, ctx=not_a_funcval word0=0
        cmp     r0, #13                 // closure_a read not_a_funcval's word 1
        END_START

        CLOSURE closure_a

        DATA
        FUNC_VALUE fv_a, closure_a, 42
        FUNC_VALUE not_a_funcval, 0, 13
