//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x11 -> closure_a
//! violation: entry _start+0x11 -> closure_a
// Breaks "entry": the context register RDX holds a valid func value, but the wrong
// one: fv_b (word 0 closure_b), while the code called is closure_a, taken from word 0
// of fv_a through RAX. closure_a consumes RDX, so entering it with ctx = fv_b,
// word0 = closure_b != closure_a is the breach (closure_a then reads fv_b's captured
// word, 77). "site" says it too: the code word came from word 0 of
// the func value in another register, which the block leaves unchanged up to the call.
#include "prelude.inc"
        START
        leaq    fv_a(%rip), %rax
        movq    (%rax), %rcx
        leaq    fv_b(%rip), %rdx        // another closure's func value
        call    *%rcx                   // icall CX <- [AX+0] -> closure_a, ctx=fv_b word0=closure_b
        cmpq    $77, %rax               // closure_a read fv_b's captured word
        END_START

        TWO_CLOSURES
