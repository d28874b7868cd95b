//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xe -> plain
// Breaks "site": the code is taken from word 1 of fv_a through RAX, and RAX is then
// copied to RDX, so the func value in the context register is the one the code word
// came from, but not from its word 0. Word 1 happens to be a function that does not
// read RDX (entry does not apply) and starts there (target holds): only the site rule,
// following the copy, says it.
#include "prelude.inc"
        START
        leaq    fv_a(%rip), %rax
        movq    8(%rax), %rcx           // word 1, not word 0
        movq    %rax, %rdx
        call    *%rcx                   // icall CX <- [AX+0x8] -> plain, ctx=fv_a word0=closure_a
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
