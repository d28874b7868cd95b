//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0xc -> closure_a
// Breaks "entry": the context register EDX holds a valid func value, but the wrong
// one: fv_b (word 0 closure_b), while the code called is closure_a, taken from word 0
// of fv_a through EAX. closure_a consumes EDX, so entering it with ctx = fv_b,
// word0 = closure_b != closure_a is the breach (closure_a then reads fv_b's captured
// word, 77). "site" does not apply: the code word came from [AX+0].
#include "prelude.inc"
        START
        movl    $fv_a, %eax
        movl    (%eax), %ecx
        movl    $fv_b, %edx             // another closure's func value
        call    *%ecx                   // icall CX <- [AX+0] -> closure_a, ctx=fv_b word0=closure_b
        cmpl    $77, %eax               // closure_a read fv_b's captured word
        END_START

        TWO_CLOSURES
