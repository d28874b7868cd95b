//! exit: 0
//! stdout: bad case ran
//! profile: go-step1
//! violation: step1 _start+0x50 -> 0x10200000
//! violation: step1 _start+0x65 -> 0x10200000
// Breaks "step1" with a func value that is not in the step's func value register EAX
// (5g kept func values in R2, an argument in R0; this is that shape on 386, in ECX).
// The func value is a heap closure as the 2013 runtime.closure (closure_386.c) wrote
// them, in memory mapped writable and executable at 0x10200000, where that runtime's
// heap was: word 0 points at the code right after it (*(byte**)p = p+4). The first
// call loads word 0 and calls it: conforming. The second calls the func value itself
// from a copy of ECX, set in the block before: word 0 runs as instructions (04 00 20
// 10: add al, 0; and [eax], dl, with EAX at a scratch word) and falls into the
// closure's code, so the program ends well. Only the word at the target, code
// elsewhere, says it. The third loads the func value from a variable it was stored
// in (1903ad7's channels_pipeline calls from a slice: ldr r4, [r6]; mov r1, r4), which
// looks like a code-word load through the variable's address, and calls it: a func
// value again.
#include "prelude.inc"
        START
        movl    $0x10200000, %ebx       // mmap2(0x10200000, 4096, RWX, MAP_PRIVATE|ANON|FIXED)
        movl    $4096, %ecx
        movl    $7, %edx
        movl    $0x32, %esi
        movl    $-1, %edi
        xorl    %ebp, %ebp
        movl    $192, %eax
        int     $0x80
        cmpl    $0x10200000, %eax
        jne     fail
        movl    %eax, %ecx
        leal    4(%ecx), %edx           // word 0: the code right after it
        movl    %edx, (%ecx)
        movl    $0x000005b8, 4(%ecx)    // b8 05 00 00 00: movl $5, %eax
        movl    $0x0000c300, 8(%ecx)    // c3: ret
        movl    (%ecx), %ebx
        call    *%ebx                   // icall BX <- [CX+0] -> 0x10200004: conforming
        cmpl    $5, %eax
        jne     fail
        movl    $scratch, %eax          // where word 0, run as code, writes
        jmp     1f                      // ECX comes from the block before
1:      movl    %ecx, %ebx
        call    *%ebx                   // icall BX <- CX <- ? -> 0x10200000: the func value
        cmpl    $5, %eax
        jne     fail
        movl    $slot, %esi             // the func value in a variable (a slice element)
        movl    %ecx, (%esi)
        movl    $scratch, %eax
        movl    (%esi), %ebx            // loaded from it: the shape of a code-word load
        call    *%ebx                   // icall BX <- [SI+0] -> 0x10200000: the func value
        cmpl    $5, %eax
        END_START

        DATA
scratch: .long  0
slot:   .long   0
