//! exit: 0
//! stdout: bad case ran
//! profile: go-step1
//! violation: step1 _start+0x5c -> 0x10200000
//! violation: step1 _start+0x78 -> 0x10200000
// Breaks "step1" with a func value that is not in the step's func value register R0:
// 5g kept func values in R2 (and an argument in R0). The func value is a heap closure
// as the 2013 runtime.closure (closure_arm.c) wrote them, in memory mapped writable
// and executable at 0x10200000, where that runtime's heap was: word 0 points at the
// code right after it (*(byte**)p = p+4). The first call loads word 0 and calls it:
// conforming. The second calls the func value itself from a copy of R2, set in the
// block before: word 0 runs as an instruction (0x10200004: eorne r0, r0, r4, not
// taken after the compare) and falls into the closure's code, so the program ends
// well. Only the word at the target, code elsewhere, says it. The third loads the func
// value from a variable it was stored in (1903ad7's channels_pipeline calls from a
// slice: ldr r4, [r6]; mov r1, r4), which looks like a code-word load through the
// variable's address, and calls it: a func value again.
#include "prelude.inc"
        START
        ldr     r0, =0x10200000         // mmap2(0x10200000, 4096, RWX, MAP_PRIVATE|ANON|FIXED)
        mov     r1, #4096
        mov     r2, #7
        mov     r3, #0x32
        mvn     r4, #0
        mov     r5, #0
        mov     r7, #192
        svc     #0
        ldr     r2, =0x10200000
        cmp     r0, r2
        bne     fail
        add     r3, r2, #4              // word 0: the code right after it
        str     r3, [r2]
        ldr     r3, =0xe3a00005         // mov r0, #5
        str     r3, [r2, #4]
        ldr     r3, =0xe12fff1e         // bx lr
        str     r3, [r2, #8]
        ldr     r1, [r2]
        blx     r1                      // icall R1 <- [R2+0] -> 0x10200004: conforming
        cmp     r0, #5
        bne     fail
        b       1f                      // R2 comes from the block before
1:      mov     r1, r2
        blx     r1                      // icall R1 <- R2 <- ? -> 0x10200000: the func value
        cmp     r0, #5
        bne     fail
        ldr     r6, =slot               // the func value in a variable (a slice element)
        str     r2, [r6]
        ldr     r4, [r6]                // loaded from it: the shape of a code-word load
        mov     r1, r4
        blx     r1                      // icall R1 <- R4 <- [R6+0] -> 0x10200000: the func value
        cmp     r0, #5
        END_START

        DATA
slot:   .word   0
