// A func-value call whose block starts at its code-word load: Unicorn ends ARM
// translation blocks at 1 KiB boundaries, so the context register's write before the
// boundary runs in the block before (as in Go 1.21's runtime.mcall on arm7).
// tests/e2e/test_mutate.py builds this with arm-linux-gnueabihf-gcc to see `fvemu
// mutate` take that write from the straight-line code into the site's block:
//   ctx-not-loaded    R7 keeps 0: no func value                -> caught (site)
//   ctx-other-source  R7 copies R1 (0): no func value          -> caught (site)
//   code-word-offset  the code is word 1, 42: not code         -> caught (target)
//   call-func-value   the call goes to the func value, data    -> caught (target)
// Exits 0 when the closure returns its captured 42.
        .syntax unified
        .arm
        .text
        .global _start
        .type   _start, %function
_start:
        mov     r1, #0
        ldr     r0, =fv
        mov     r7, r0                  // the context register, in the block before
        .balignl 1024, 0xe1a00000       // mov r0, r0 up to the boundary
        ldr     r2, [r0]                // the code word: the site's block starts here
        blx     r2
        cmp     r0, #42
        movne   r0, #1                  // exit(r0 == 42 ? 0 : 1)
        moveq   r0, #0
        mov     r7, #1
        svc     #0
        .ltorg
        .size   _start, .-_start

        .type   closure, %function
closure:
        ldr     r0, [r7, #4]            // its captured word
        bx      lr
        .size   closure, .-closure

        .data
        .balign 4
fv:     .word   closure, 42
        .section .note.GNU-stack,"",%progbits
