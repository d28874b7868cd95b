//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xc -> closure_a
//! violation: entry _start+0xc -> closure_a
// Breaks "site" (and so "entry"): the code word is loaded from word 0 of the func value
// in the context register, fv_a, but EDX is overwritten with fv_b before the call, in
// the same straight-line block. At the call, word 0 of the func value in EDX is
// closure_b, not the target closure_a ("site"), and closure_a, which consumes EDX, is
// entered with ctx = fv_b, word0 = closure_b ("entry"; it reads fv_b's word 1, 77).
#include "prelude.inc"
        START
        movl    $fv_a, %edx
        movl    (%edx), %ecx            // code word from [DX+0], ctx = fv_a
        movl    $fv_b, %edx             // the context register clobbered
        call    *%ecx                   // icall CX <- [DX+0] -> closure_a, ctx=fv_b word0=closure_b
        cmpl    $77, %eax               // closure_a read fv_b's captured word
        END_START

        TWO_CLOSURES
