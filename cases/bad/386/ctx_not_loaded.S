//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xc -> closure_a
//! violation: entry _start+0xc -> closure_a
// Breaks "entry": the caller takes closure_a's code from word 0 of fv_a through EAX
// but never loads the func value into the context register EDX, which still points at
// a stale data object, not_a_funcval (word 0 is 0, not code). closure_a consumes EDX
// (it reads its captured word through it), so entering it with ctx = not_a_funcval,
// word0 = 0 != closure_a is the breach. "site" says it too: the code word came from
// word 0 of a func value in another register, and the context register holds none. The
// data keeps the run harmless.
#include "prelude.inc"
        START
        movl    $fv_a, %eax
        movl    (%eax), %ecx
        movl    $not_a_funcval, %edx    // the func value never reaches EDX
        call    *%ecx                   // icall CX <- [AX+0] -> closure_a, ctx=not_a_funcval word0=0
        cmpl    $13, %eax               // closure_a read not_a_funcval's word 1
        END_START

        CLOSURE closure_a

        DATA
        FUNC_VALUE fv_a, closure_a, 42
        FUNC_VALUE not_a_funcval, 0, 13
