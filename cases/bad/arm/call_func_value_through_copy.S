//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xc -> fv_exec
// Breaks "site": the call goes to the func value itself, not to its word 0, through a
// copy: R3 is copied to the context register R7 and to R1, and the call is through R1.
// The func value sits in executable memory, as it did in the heap of Go's 2013
// runtimes (step 1 wrote closure code there): step 2's 5g mutant `mov r1, r3` for `ldr
// r1, [r3]` ran into it and died of SIGILL with no report. Here its words execute as
// andeq (condition EQ, no memory) and the code after them returns 42, so nothing but
// the site rule, which sees R1 and R7 hold one value, says it.
#include "prelude.inc"
        START
        ldr     r3, =fv_exec
        mov     r7, r3
        mov     r1, r3                  // the func value, not its word 0
        blx     r1                      // icall R1 <- R3 <- [PC+..] -> fv_exec, ctx=fv_exec word0=closure_a
        cmp     r0, #42
        END_START

        CLOSURE closure_a

        .arm
        .type   fv_exec, %function
fv_exec:
        .word   closure_a, 42           // a func value, in the code
        mov     r0, #42
        bx      lr
        .size   fv_exec, .-fv_exec

        DATA
