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
// Every function says .arm itself, so the arm (Thumb-2 by default) and arm-a32 (-marm)
// builds are the same code at the same addresses.
        .syntax unified
        .text

        .arm
        .global _start
        .type   _start, %function
_start:
        ldr     r7, =fv_a
        ldr     r0, [r7]                // code word from [R7+0], ctx = fv_a
        ldr     r7, =fv_b               // the context register clobbered
        blx     r0                      // icall R0 <- [R7+0] -> closure_a, ctx=fv_b word0=closure_b
        cmp     r0, #77                 // closure_a read fv_b's captured word
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

        // Closures: the captured value is word 1 of the func value in R7.
        .arm
        .type   closure_a, %function
closure_a:
        ldr     r0, [r7, #4]
        bx      lr
        .size   closure_a, .-closure_a

        .arm
        .type   closure_b, %function
closure_b:
        ldr     r0, [r7, #4]
        bx      lr
        .size   closure_b, .-closure_b

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
        .type   fv_b, %object
fv_b:   .word   closure_b, 77
        .size   fv_b, .-fv_b

        .section .note.GNU-stack,"",%progbits
