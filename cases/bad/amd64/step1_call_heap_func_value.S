//! exit: 0
//! stdout: bad case ran
//! profile: go-step1
//! violation: step1 _start+0x66 -> 0x10200000
//! violation: step1 _start+0x82 -> 0x10200000
// Breaks "step1" with a func value that is not in the step's func value register RAX
// (5g kept func values in R2, an argument in R0; this is that shape on amd64, in RCX).
// The func value is a heap closure as the 2013 runtime.closure (closure_amd64.c) wrote
// them, in memory mapped writable and executable at 0x10200000: word 0 points at the
// code right after it (*(byte**)p = p+8). The first call loads word 0 and calls it:
// conforming. The second calls the func value itself from a copy of RCX, set in the
// block before: word 0 runs as instructions (08 00 20 10 00 00 00 00: or [rax], al;
// and [rax], dl; add [rax], al twice, with RAX at a scratch word) and falls into the
// closure's code, so the program ends well. Only the word at the target, code
// elsewhere, says it. The third loads the func value from a variable it was stored
// in (1903ad7's channels_pipeline calls from a slice: ldr r4, [r6]; mov r1, r4), which
// looks like a code-word load through the variable's address, and calls it: a func
// value again.
#include "prelude.inc"
        START
        movq    $0x10200000, %rdi       // mmap(0x10200000, 4096, RWX, MAP_PRIVATE|ANON|FIXED)
        movq    $4096, %rsi
        movq    $7, %rdx
        movq    $0x32, %r10
        movq    $-1, %r8
        xorq    %r9, %r9
        movq    $9, %rax
        syscall
        cmpq    $0x10200000, %rax
        jne     fail
        movq    %rax, %rcx
        leaq    8(%rcx), %rdx           // word 0: the code right after it
        movq    %rdx, (%rcx)
        movl    $0x000005b8, 8(%rcx)    // b8 05 00 00 00: movl $5, %eax
        movl    $0x0000c300, 12(%rcx)   // c3: ret
        movq    (%rcx), %rbx
        call    *%rbx                   // icall BX <- [CX+0] -> 0x10200008: conforming
        cmpq    $5, %rax
        jne     fail
        leaq    scratch(%rip), %rax     // where word 0, run as code, writes
        jmp     1f                      // RCX comes from the block before
1:      movq    %rcx, %rbx
        call    *%rbx                   // icall BX <- CX <- ? -> 0x10200000: the func value
        cmpq    $5, %rax
        jne     fail
        leaq    slot(%rip), %rsi        // the func value in a variable (a slice element)
        movq    %rcx, (%rsi)
        leaq    scratch(%rip), %rax
        movq    (%rsi), %rbx            // loaded from it: the shape of a code-word load
        call    *%rbx                   // icall BX <- [SI+0] -> 0x10200000: the func value
        cmpq    $5, %rax
        END_START

        DATA
scratch: .quad  0
slot:   .quad   0
