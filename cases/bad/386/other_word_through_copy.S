//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xa -> plain
// Breaks "site": the code is taken from word 1 of fv_a through EAX, and EAX is then
// copied to EDX, so the func value in the context register is the one the code word
// came from, but not from its word 0. Word 1 happens to be a function that does not
// read EDX (entry does not apply) and starts there (target holds): only the site rule,
// following the copy, says it.
#include "prelude.inc"
        START
        movl    $fv_a, %eax
        movl    4(%eax), %ecx           // word 1, not word 0
        movl    %eax, %edx
        call    *%ecx                   // icall CX <- [AX+0x4] -> plain, ctx=fv_a word0=closure_a
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
