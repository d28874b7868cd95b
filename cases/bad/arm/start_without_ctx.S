//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0x10 -> closure_a
// Breaks "entry" by an indirect jump, the way a goroutine or deferred call is started:
// lr is loaded with a return address (not by `mov lr, pc` right before the branch, so
// the bx is a jump, not a call), then the code (word 0 of fv_a, loaded through R0) is
// jumped to, but the context register R7 was set to start_args, a plain data record
// (word 0 is 0), instead of fv_a. closure_a consumes R7, so entering it by the jump
// with ctx = start_args, word0 = 0 != closure_a is the breach; it then returns to lr.
// "site" does not apply: the code word came from [R0+0].
#include "prelude.inc"
        START
        ldr     lr, =.Lresumed          // where closure_a returns to
        ldr     r0, =fv_a
        ldr     r1, [r0]
        ldr     r7, =start_args         // not the func value
        bx      r1                      // ijmp R1 <- [R0+0] -> closure_a, ctx=start_args word0=0
.Lresumed:
        cmp     r0, #21                 // closure_a read start_args' word 1
        END_START

        CLOSURE closure_a

        DATA
        FUNC_VALUE fv_a, closure_a, 42
        FUNC_VALUE start_args, 0, 21
