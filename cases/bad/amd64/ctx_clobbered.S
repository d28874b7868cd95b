//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x11 -> closure_a
//! violation: entry _start+0x11 -> closure_a
// Breaks "site" (and so "entry"): the code word is loaded from word 0 of the func value
// in the context register, fv_a, but RDX is overwritten with fv_b before the call, in
// the same straight-line block. At the call, word 0 of the func value in RDX is
// closure_b, not the target closure_a ("site"), and closure_a, which consumes RDX, is
// entered with ctx = fv_b, word0 = closure_b ("entry"; it reads fv_b's word 1, 77).
#include "prelude.inc"
        START
        leaq    fv_a(%rip), %rdx
        movq    (%rdx), %rcx            // code word from [DX+0], ctx = fv_a
        leaq    fv_b(%rip), %rdx        // the context register clobbered
        call    *%rcx                   // icall CX <- [DX+0] -> closure_a, ctx=fv_b word0=closure_b
        cmpq    $77, %rax               // closure_a read fv_b's captured word
        END_START

        TWO_CLOSURES
