//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0xe -> checked_closure
// Breaks "entry": checked_closure begins with a stack check that may call morestack,
// as Go's functions do, and reads its captured word through RDX after it; the caller
// calls its code from its address with a stale data object in RDX. The entry rule
// follows the code past the check (on ARM, Go <= 1.4's conditional BL.LS, where it
// did not: entry_after_stack_check in cases/bad/arm). The site rule cannot judge an
// address computed by lea.
#include "prelude.inc"
        START
        leaq    checked_closure(%rip), %rcx
        leaq    not_a_funcval(%rip), %rdx   // no func value in RDX
        call    *%rcx                   // icall CX <- ? -> checked_closure, ctx=not_a_funcval word0=0
        cmpq    $13, %rax               // checked_closure read not_a_funcval's word 1
        END_START

        .type   checked_closure, @function
checked_closure:
        cmpq    $4096, %rsp             // the stack is big enough: no call
        jbe     1f
        movq    8(%rdx), %rax
        ret
1:      call    fail
        .size   checked_closure, .-checked_closure

        DATA
        FUNC_VALUE not_a_funcval, 0, 13
