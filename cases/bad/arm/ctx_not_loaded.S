//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0xc -> closure_a
// Breaks "entry": the caller takes closure_a's code from word 0 of fv_a through R0
// but never loads the func value into the context register R7, which still points at
// a stale data object, not_a_funcval (word 0 is 0, not code). closure_a consumes R7
// (it reads its captured word through it), so entering it with ctx = not_a_funcval,
// word0 = 0 != closure_a is the breach. "site" does not apply: the code word came from
// [R0+0], not from the context register. The data keeps the run harmless.
// Every function says .arm itself, so the arm (Thumb-2 by default) and arm-a32 (-marm)
// builds are the same code at the same addresses.
        .syntax unified
        .text

        .arm
        .global _start
        .type   _start, %function
_start:
        ldr     r0, =fv_a
        ldr     r1, [r0]
        ldr     r7, =not_a_funcval      // the func value never reaches R7
        blx     r1                      // icall R1 <- [R0+0] -> closure_a, ctx=not_a_funcval word0=0
        cmp     r0, #13                 // closure_a read not_a_funcval's word 1
        bne     fail

        mov     r0, #1                  // write(1, ok, ok_len)
        ldr     r1, =ok
        mov     r2, #ok_len
        mov     r7, #4
        svc     #0
        cmp     r0, #ok_len
        bne     fail
        mov     r0, #0                  // exit(0)
        mov     r7, #1
        svc     #0
        .ltorg
        .size   _start, .-_start

        .arm
        .type   fail, %function
fail:
        mov     r0, #2
        movw    r1, #:lower16:bad
        movt    r1, #:upper16:bad
        mov     r2, #bad_len
        mov     r7, #4
        svc     #0
        mov     r0, #1
        mov     r7, #1
        svc     #0
        .size   fail, .-fail

        // The closure: its captured value is word 1 of the func value in R7.
        .arm
        .type   closure_a, %function
closure_a:
        ldr     r0, [r7, #4]
        bx      lr
        .size   closure_a, .-closure_a

        .section .rodata
        .type   ok, %object
ok:     .ascii  "bad case ran\n"
        .set    ok_len, .-ok
        .size   ok, .-ok
        .type   bad, %object
bad:    .ascii  "bad case: wrong value\n"
        .set    bad_len, .-bad
        .size   bad, .-bad

        .data
        .align  2
        .type   fv_a, %object
fv_a:   .word   closure_a, 42
        .size   fv_a, .-fv_a
        .type   not_a_funcval, %object
not_a_funcval:
        .word   0, 13
        .size   not_a_funcval, .-not_a_funcval

        .section .note.GNU-stack,"",%progbits
