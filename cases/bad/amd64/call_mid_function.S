//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0xa -> closure_mid+0x7
// Breaks "target": RDX holds fv_mid, whose word 0 points into the middle of
// closure_mid, past its first instruction, instead of at its entry (a code word taken
// from the wrong place lands there). The call agrees with the func value (site holds)
// and closure_mid+0x7 is no function's entry (entry does not apply): only "target",
// which wants a function's entry, says it.
#include "prelude.inc"
        START
        leaq    fv_mid(%rip), %rdx
        movq    (%rdx), %rcx
        call    *%rcx                   // icall CX <- [DX+0] -> closure_mid+0x7
        cmpq    $42, %rax
        END_START

        .type   closure_mid, @function
closure_mid:
        movq    $0, %rax                // 7 bytes the call skips
.Lbody: movq    8(%rdx), %rax
        ret
        .size   closure_mid, .-closure_mid

        DATA
        FUNC_VALUE fv_mid, .Lbody, 42
