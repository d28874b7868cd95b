//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xc -> closure_a
//! violation: entry _start+0xc -> closure_a
// Breaks "entry": the context register EDX holds a valid func value, but the wrong
// one: fv_b (word 0 closure_b), while the code called is closure_a, taken from word 0
// of fv_a through EAX. closure_a consumes EDX, so entering it with ctx = fv_b,
// word0 = closure_b != closure_a is the breach (closure_a then reads fv_b's captured
// word, 77). "site" says it too: the code word came from word 0 of
// the func value in another register, which the block leaves unchanged up to the call.
#include "prelude.inc"
        START
        movl    $fv_a, %eax
        movl    (%eax), %ecx
        movl    $fv_b, %edx             // another closure's func value
        call    *%ecx                   // icall CX <- [AX+0] -> closure_a, ctx=fv_b word0=closure_b
        cmpl    $77, %eax               // closure_a read fv_b's captured word
        END_START

        TWO_CLOSURES
