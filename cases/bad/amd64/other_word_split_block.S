//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x20c -> plain
// Breaks "site" as other_word_through_copy does, but with the code-word load the first
// instruction of its own block: Unicorn (like QEMU) ends a translation block after 512
// instructions, so `movq %rax, %rdx` runs in the block before and the load's block
// cannot tell that RAX holds the func value in RDX (the load then overwrites RAX).
// Go's runtime.mcall on ARM has this shape where its code-word load falls on a 1 KiB
// boundary (cases/bad/arm/other_word_split_block.S). The tracer reads RAX at the
// block's entry: it is the func value in RDX, and the code came from its word 1.
#include "prelude.inc"
        START
        leaq    fv_a(%rip), %rax
        movq    %rax, %rdx
        .rept   510                     // the block's instructions 3 to 512
        nop
        .endr
        movq    8(%rax), %rax           // word 1, not word 0; a block of its own
        call    *%rax                   // icall AX <- [AX+0x8] -> plain, ctx=fv_a word0=closure_a
        cmpq    $42, %rax
        END_START

        CLOSURE closure_a

        .type   plain, @function
plain:
        movl    $42, %eax
        ret
        .size   plain, .-plain

        DATA
        FUNC_VALUE fv_a, closure_a, plain
