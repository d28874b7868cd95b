//! exit: 0
//! stdout: trace calls ok
//! event: call _start+0x4 -> leaf_bx
//! event: ret leaf_bx+0x4 -> _start+0x8
//! event: call _start+0x10 -> thumb_fn
//! event: call thumb_fn+0x2 -> thumb_leaf
//! event: ret thumb_leaf+0x2 -> thumb_fn+0x6
//! event: icall thumb_fn+0x10 -> leaf_bx source=R3 <- imm
//! event: ret leaf_bx+0x4 -> thumb_fn+0x12
//! event: icall thumb_fn+0x1c -> thumb_leaf2 source=R3 <- imm
//! event: ret thumb_leaf2+0x4 -> thumb_fn+0x1e
//! event: ret thumb_fn+0x20 -> _start+0x14
//! event: icall _start+0x24 -> closure_a ctx=fv_a word0=closure_a source=R0 <- [R7+0]
//! event: ret closure_a+0x4 -> _start+0x28
//! event: icall _start+0x40 -> pop_fn source=R1 <- [R0+0]
//! event: ret pop_fn+0xc -> _start+0x44
//! event: icall _start+0x54 -> ldrpost_fn source=R2 <- imm
//! event: ret ldrpost_fn+0x8 -> _start+0x58
//! event: icall _start+0x6c -> addpc_fn source=[R3+0x4]
//! event: ret addpc_fn+0x4 -> _start+0x70
//! event: icall _start+0x84 -> leaf_movpc source=R12 <- ?
//! event: ret leaf_movpc+0x4 -> _start+0x88
//! event: call _start+0x90 -> tail_bx
//! event: ijmp tail_bx+0x8 -> leaf_movpc source=R3 <- imm
//! event: ret leaf_movpc+0x4 -> _start+0x94
//! event: call _start+0xa0 -> tail_movpc
//! event: ijmp tail_movpc+0x4 -> closure_c ctx=fv_c word0=closure_c source=R3 <- [R7+0]
//! event: ret closure_c+0x4 -> _start+0xa4
//! event: call _start+0xd0 -> patch_fn
//! event: ret patch_fn+0x6 -> _start+0xd4
//! event: call _start+0x128 -> patch_fn
//! event: ijmp patch_fn+0x8 -> leaf_movpc source=R3 <- imm
//! event: ret leaf_movpc+0x4 -> _start+0x12c
// A program with no C library whose control transfers are all known: each callee
// returns a known value, _start checks them, writes a line and exits. The `//! event:`
// lines above are every call event `fvemu trace` must report, in order; the comments
// at the call sites below say which events each one makes. Every function says .arm or
// .thumb itself, so the arm (Thumb-2 by default) and arm-a32 (-marm) builds are the
// same code at the same addresses. The context register is R7: it holds 0 at every
// indirect transfer that is not a closure call, so only the closure calls and jumps
// carry ctx= and word0=. ARMv7-A instructions only.
        .syntax unified
        .text

        .arm
        .global _start
        .type   _start, %function
_start:
        mov     r7, #0
        // bl to an ARM function that returns with bx lr.
        bl      leaf_bx                 // call; ret
        cmp     r0, #1
        bne     fail

        // blx to a Thumb function (5 + 1 + 20 from its own calls).
        blx     thumb_fn                // call; its events; ret by pop {pc}
        cmp     r0, #26
        bne     fail

        // Go's closure call: the func value in R7, word 0 of it the code.
        ldr     r7, =fv_a
        ldr     r0, [r7]
        blx     r0                      // icall R0 <- [R7+0], ctx=fv_a word0=closure_a
        cmp     r0, #42
        bne     fail

        // The pre-Go-1.1 call: lr set by add lr, pc, #0, then add pc, r1, #0.
        mov     r7, #0
        ldr     r0, =fnref_b
        ldr     r1, [r0]
        add     lr, pc, #0
        add     pc, r1, #0              // icall R1 <- [R0+0]; ret by pop {r4, pc}
        cmp     r0, #8
        bne     fail

        // mov lr, pc, then mov pc, r2 with r2 from adr.
        adr     r2, ldrpost_fn
        mov     lr, pc
        mov     pc, r2                  // icall R2 <- imm; ret by ldr pc, [sp], #4
        cmp     r0, #9
        bne     fail

        // mov lr, pc, then ldr pc, [r3, #4] through a table.
        movw    r3, #:lower16:ftab
        movt    r3, #:upper16:ftab
        mov     lr, pc
        ldr     pc, [r3, #4]            // icall [R3+0x4]; ret by add pc, lr, #0
        cmp     r0, #10
        bne     fail

        // Arithmetic on the target register: unknown.
        movw    r12, #:lower16:(leaf_movpc - 4)
        movt    r12, #:upper16:(leaf_movpc - 4)
        add     r12, r12, #4
        blx     r12                     // icall R12 <- ?; ret by mov pc, lr
        cmp     r0, #11
        bne     fail

        // A tail jump by bx r3: leaf_movpc returns straight to _start.
        bl      tail_bx                 // call; ijmp R3 <- imm; ret
        cmp     r0, #11
        bne     fail

        // A tail jump by mov pc, r3 through a func value's word 0.
        ldr     r7, =fv_c
        bl      tail_movpc              // call; ijmp R3 <- [R7+0] ctx=fv_c word0=closure_c; ret
        cmp     r0, #99
        bne     fail

        // Self-modifying code: patch_fn runs as version A, is overwritten with version
        // B by plain stores, and runs again. Both are patch_len bytes up to their first
        // transfer, so a decoded block kept from the first run would still report A's
        // ret at patch_fn+0x6, where B has an ijmp at patch_fn+0x8.
        movw    r0, #:lower16:.Lpatch_area
        movt    r0, #:upper16:.Lpatch_area
        mov     r1, #4096
        mov     r2, #7
        mov     r7, #125
        svc     #0                      // mprotect(patch_fn, 4096, PROT_READ|WRITE|EXEC)
        cmp     r0, #0
        bne     fail
        mov     r7, #0
        blx     patch_fn                // call; ret by pop {r4, pc} (version A)
        cmp     r0, #1
        bne     fail
        movw    r1, #:lower16:patch_b   // copy version B over version A
        movt    r1, #:upper16:patch_b
        movw    r2, #:lower16:.Lpatch_area
        movt    r2, #:upper16:.Lpatch_area
        mov     r3, #patch_len
1:      ldrb    r0, [r1], #1
        strb    r0, [r2], #1
        subs    r3, r3, #1
        bne     1b
        movw    r0, #:lower16:.Lpatch_area
        movt    r0, #:upper16:.Lpatch_area
        add     r1, r0, #patch_len
        mov     r2, #0
        movw    r7, #:lower16:0xf0002
        movt    r7, #:upper16:0xf0002
        svc     #0                      // cacheflush(patch_fn, patch_fn + patch_len, 0)
        cmp     r0, #0
        bne     fail
        mov     r7, #0
        blx     patch_fn                // call; ijmp R3 <- imm (version B); ret by leaf_movpc
        cmp     r0, #11
        bne     fail

        mov     r0, #1                  // write(1, ok, ok_len)
        movw    r1, #:lower16:ok
        movt    r1, #:upper16:ok
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

        .arm
        .type   leaf_bx, %function
leaf_bx:
        mov     r0, #1
        bx      lr
        .size   leaf_bx, .-leaf_bx

        .arm
        .type   leaf_movpc, %function
leaf_movpc:
        mov     r0, #11
        mov     pc, lr
        .size   leaf_movpc, .-leaf_movpc

        .arm
        .type   pop_fn, %function
pop_fn:
        push    {r4, lr}
        mov     r4, #8
        mov     r0, r4
        pop     {r4, pc}
        .size   pop_fn, .-pop_fn

        .arm
        .type   ldrpost_fn, %function
ldrpost_fn:
        str     lr, [sp, #-4]!
        mov     r0, #9
        ldr     pc, [sp], #4
        .size   ldrpost_fn, .-ldrpost_fn

        .arm
        .type   addpc_fn, %function
addpc_fn:
        mov     r0, #10
        add     pc, lr, #0
        .size   addpc_fn, .-addpc_fn

        // Closures: the captured value is word 1 of the func value in R7.
        .arm
        .type   closure_a, %function
closure_a:
        ldr     r0, [r7, #4]
        bx      lr
        .size   closure_a, .-closure_a

        .arm
        .type   closure_c, %function
closure_c:
        ldr     r0, [r7, #4]
        bx      lr
        .size   closure_c, .-closure_c

        .arm
        .type   tail_bx, %function
tail_bx:
        movw    r3, #:lower16:leaf_movpc
        movt    r3, #:upper16:leaf_movpc
        bx      r3
        .size   tail_bx, .-tail_bx

        .arm
        .type   tail_movpc, %function
tail_movpc:
        ldr     r3, [r7]
        mov     pc, r3
        .size   tail_movpc, .-tail_movpc

        // Thumb: a direct bl, blx r3 to ARM and to Thumb code, bx lr and pop {pc}.
        .thumb
        .thumb_func
        .type   thumb_fn, %function
thumb_fn:
        push    {lr}
        bl      thumb_leaf              // call; ret by bx lr
        mov     r4, r0
        movw    r3, #:lower16:leaf_bx
        movt    r3, #:upper16:leaf_bx
        blx     r3                      // icall R3 <- imm (ARM code); ret by bx lr
        add     r4, r4, r0
        movw    r3, #:lower16:thumb_leaf2
        movt    r3, #:upper16:thumb_leaf2
        blx     r3                      // icall R3 <- imm (Thumb code); ret by pop {pc}
        add     r0, r0, r4
        pop     {pc}
        .size   thumb_fn, .-thumb_fn

        .thumb
        .thumb_func
        .type   thumb_leaf, %function
thumb_leaf:
        movs    r0, #5
        bx      lr
        .size   thumb_leaf, .-thumb_leaf

        .thumb
        .thumb_func
        .type   thumb_leaf2, %function
thumb_leaf2:
        push    {lr}
        movs    r0, #20
        pop     {pc}
        .size   thumb_leaf2, .-thumb_leaf2

        .section .rodata
        .align  2
        .type   fnref_b, %object
fnref_b:
        .word   pop_fn
        .size   fnref_b, .-fnref_b
        .type   ftab, %object
ftab:   .word   0, addpc_fn
        .size   ftab, .-ftab
        .type   ok, %object
ok:     .ascii  "trace calls ok\n"
        .set    ok_len, .-ok
        .size   ok, .-ok
        .type   bad, %object
bad:    .ascii  "trace calls: wrong value\n"
        .set    bad_len, .-bad
        .size   bad, .-bad

        .data
        .align  2
        .type   fv_a, %object
fv_a:   .word   closure_a, 42
        .size   fv_a, .-fv_a
        .type   fv_c, %object
fv_c:   .word   closure_c, 99
        .size   fv_c, .-fv_c

        // A page of its own, made executable at run time: version A of patch_fn. Thumb,
        // so that A's return and B's jump can end the same bytes at different offsets.
        .section .data.patch,"aw"
        .balign 4096
.Lpatch_area:
        .thumb
        .thumb_func
        .type   patch_fn, %function
patch_fn:                               // explicit widths: the offsets are the point
        push.n  {r4, lr}
        movs.n  r0, #1
        nop.n
        pop.w   {r4, pc}
        .size   patch_fn, .-patch_fn
        .set    patch_len, .-.Lpatch_area
        .space  4096 - patch_len

        // Version B, as data: a tail jump to leaf_movpc, which returns to patch_fn's caller.
        .section .rodata
        .balign 4
        .thumb
        .type   patch_b, %object
patch_b:
        movw    r3, #:lower16:leaf_movpc
        movt    r3, #:upper16:leaf_movpc
        bx      r3
        .size   patch_b, .-patch_b
        .if     . - patch_b - patch_len
        .error  "versions A and B of patch_fn differ in length"
        .endif

        .section .note.GNU-stack,"",%progbits
