//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x208 -> plain
// Breaks "site" as other_word_through_copy does, but with the code-word load the first
// instruction of its own block: Unicorn (like QEMU) ends a translation block after 512
// instructions, so `movl %eax, %edx` runs in the block before and the load's block
// cannot tell that EAX holds the func value in EDX (the load then overwrites EAX).
// Go's runtime.mcall on ARM has this shape where its code-word load falls on a 1 KiB
// boundary (cases/bad/arm/other_word_split_block.S). The tracer reads EAX at the
// block's entry: it is the func value in EDX, and the code came from its word 1.
#include "prelude.inc"
        START
        movl    $fv_a, %eax
        movl    %eax, %edx
        .rept   510                     // the block's instructions 3 to 512
        nop
        .endr
        movl    4(%eax), %eax           // word 1, not word 0; a block of its own
        call    *%eax                   // icall AX <- [AX+0x4] -> plain, ctx=fv_a word0=closure_a
        cmpl    $42, %eax
        END_START

        CLOSURE closure_a

        .type   plain, @function
plain:
        movl    $42, %eax
        ret
        .size   plain, .-plain

        DATA
        FUNC_VALUE fv_a, closure_a, plain
