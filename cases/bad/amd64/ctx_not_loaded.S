//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x11 -> closure_a
//! violation: entry _start+0x11 -> closure_a
// Breaks "entry": the caller takes closure_a's code from word 0 of fv_a through RAX
// but never loads the func value into the context register RDX, which still points at
// a stale data object, not_a_funcval (word 0 is 0, not code). closure_a consumes RDX
// (it reads its captured word through it), so entering it with ctx = not_a_funcval,
// word0 = 0 != closure_a is the breach. "site" says it too: the code word came from
// word 0 of a func value in another register, and the context register holds none. The
// data keeps the run harmless.
#include "prelude.inc"
        START
        leaq    fv_a(%rip), %rax
        movq    (%rax), %rcx
        leaq    not_a_funcval(%rip), %rdx   // the func value never reaches RDX
        call    *%rcx                   // icall CX <- [AX+0] -> closure_a, ctx=not_a_funcval word0=0
        cmpq    $13, %rax               // closure_a read not_a_funcval's word 1
        END_START

        CLOSURE closure_a

        DATA
        FUNC_VALUE fv_a, closure_a, 42
        FUNC_VALUE not_a_funcval, 0, 13
