//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0xa -> checked_closure
// Breaks "entry": checked_closure begins with a stack check that may call morestack,
// as Go's functions do, and reads its captured word through EDX after it; the caller
// calls its code from an immediate with a stale data object in EDX. The entry rule
// follows the code past the check (on ARM, Go <= 1.4's conditional BL.LS, where it
// did not: entry_after_stack_check in cases/bad/arm). The site rule cannot judge an
// immediate.
#include "prelude.inc"
        START
        movl    $checked_closure, %ecx
        movl    $not_a_funcval, %edx    // no func value in EDX
        call    *%ecx                   // icall CX <- imm -> checked_closure, ctx=not_a_funcval word0=0
        cmpl    $13, %eax               // checked_closure read not_a_funcval's word 1
        END_START

        .type   checked_closure, @function
checked_closure:
        cmpl    $4096, %esp             // the stack is big enough: no call
        jbe     1f
        movl    4(%edx), %eax
        ret
1:      call    fail
        .size   checked_closure, .-checked_closure

        DATA
        FUNC_VALUE not_a_funcval, 0, 13
