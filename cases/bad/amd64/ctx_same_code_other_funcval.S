//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x11 -> closure_a
// Breaks "site": the context register RDX holds a func value with the right code but
// the wrong one: fv_c, another func value of closure_a (another closure of the same
// function, capturing 77), while the code word came from word 0 of fv_a through RAX.
// "entry" holds (word 0 of fv_c is closure_a), so only the site rule says it, comparing
// RAX, which the block leaves unchanged from the load to the call, with RDX. Go 1.19's
// IntFn.Then.func1 (cases/go/func_types.go) calls one Then closure from another: a
// mutant without its `mov rdx, rcx` recursed forever with no report.
#include "prelude.inc"
        START
        leaq    fv_a(%rip), %rax
        movq    (%rax), %rcx
        leaq    fv_c(%rip), %rdx        // the same closure's other func value
        call    *%rcx                   // icall CX <- [AX+0] -> closure_a, ctx=fv_c word0=closure_a
        cmpq    $77, %rax               // closure_a read fv_c's captured word
        END_START

        CLOSURE closure_a

        DATA
        FUNC_VALUE fv_a, closure_a, 42
        FUNC_VALUE fv_c, closure_a, 77
