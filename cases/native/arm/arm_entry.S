//! exit: 0
//! stdout: arm-state entry ok
// A program with no C library whose entry point is ARM-state code (bit 0 of e_entry
// clear), where every glibc program enters in Thumb. It reads argc from the initial
// stack as the kernel leaves it, writes a line with write(2) and exits with exit(2),
// so it proves ARM-state entry, `svc 0` with the number in r7, and the stack layout.
        .syntax unified
        .arm
        .text
        .global _start
_start:
        ldr     r0, [sp]                @ argc, from the kernel's initial stack
        cmp     r0, #1
        bne     fail
        mov     r0, #1                  @ fd 1
        adr     r1, message
        mov     r2, #(message_end - message)
        mov     r7, #4                  @ __NR_write
        svc     #0
        cmp     r0, #(message_end - message)
        bne     fail
        mov     r0, #0
        mov     r7, #1                  @ __NR_exit
        svc     #0
fail:
        mov     r0, #1
        mov     r7, #1
        svc     #0
message:
        .ascii  "arm-state entry ok\n"
message_end:
        .section .note.GNU-stack,"",%progbits
