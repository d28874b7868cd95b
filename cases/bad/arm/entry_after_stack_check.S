//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0x8 -> checked_closure
// Breaks "entry": checked_closure begins as Go <= 1.4's ARM functions do, with a stack
// check whose call to morestack is conditional (BL.LS), and reads its captured word
// through R7 after it; the caller calls its code from a literal with a stale data
// object in R7. The entry rule follows the code past a call that may not be made (Go
// 1.4.3's runtime.onM calls runtime.func.001 so: its ctx-not-loaded mutant faulted in
// the closure with no report). The site rule cannot judge a literal.
#include "prelude.inc"
        START
        ldr     r1, =checked_closure
        ldr     r7, =not_a_funcval      // no func value in R7
        blx     r1                      // icall R1 <- [PC+..] -> checked_closure, ctx=not_a_funcval word0=0
        cmp     r0, #13                 // checked_closure read not_a_funcval's word 1
        END_START

        .arm
        .type   checked_closure, %function
checked_closure:
        cmp     sp, #4096               // the stack is big enough: no call
        blls    no_more_stack
        ldr     r0, [r7, #4]
        bx      lr
        .size   checked_closure, .-checked_closure

        .type   no_more_stack, %function
no_more_stack:
        b       fail
        .size   no_more_stack, .-no_more_stack

        DATA
        FUNC_VALUE not_a_funcval, 0, 13
