//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0x7 -> closure_mid+0x5
// Breaks "target": EDX holds fv_mid, whose word 0 points into the middle of
// closure_mid, past its first instruction, instead of at its entry (a code word taken
// from the wrong place lands there). The call agrees with the func value (site holds)
// and closure_mid+0x5 is no function's entry (entry does not apply): only "target",
// which wants a function's entry, says it.
#include "prelude.inc"
        START
        movl    $fv_mid, %edx
        movl    (%edx), %ecx
        call    *%ecx                   // icall CX <- [DX+0] -> closure_mid+0x5
        cmpl    $42, %eax
        END_START

        .type   closure_mid, @function
closure_mid:
        movl    $0, %eax                // 5 bytes the call skips
.Lbody: movl    4(%edx), %eax
        ret
        .size   closure_mid, .-closure_mid

        DATA
        FUNC_VALUE fv_mid, .Lbody, 42
