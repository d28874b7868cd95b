//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xb -> closure_c
//! violation: entry _start+0xb -> closure_c
// Breaks "entry": RDX holds the right func value, fv_a, but the code is taken from its
// word 1 instead of word 0. fv_a's word 1 happens to be a code address, closure_c, a
// function that also consumes RDX, so control enters closure_c with ctx = fv_a,
// word0 = closure_a != closure_c. "site" says it too: the target was loaded from
// another word of the func value in the context register, which holds a func value.
#include "prelude.inc"
        START
        leaq    fv_a(%rip), %rdx
        movq    8(%rdx), %rcx           // word 1, not word 0
        call    *%rcx                   // icall CX <- [DX+0x8] -> closure_c, ctx=fv_a word0=closure_a
        cmpq    $42, %rax               // closure_c read fv_a's captured word
        END_START

        // Closures: the captured value is word 2 of the func value in RDX.
        .type   closure_a, @function
closure_a:
        movq    16(%rdx), %rax
        ret
        .size   closure_a, .-closure_a

        .type   closure_c, @function
closure_c:
        movq    16(%rdx), %rax
        ret
        .size   closure_c, .-closure_c

        DATA
        .type   fv_a, @object
fv_a:   .quad   closure_a, closure_c, 42
        .size   fv_a, .-fv_a
