//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0x11 -> closure_a
// Breaks "entry" by an indirect jump, the way a goroutine or deferred call is started:
// a return address is pushed, then the code (word 0 of fv_a, loaded through EAX) is
// jumped to, but the context register EDX was set to start_args, a plain data record
// (word 0 is 0), instead of fv_a. closure_a consumes EDX, so entering it by the jump
// with ctx = start_args, word0 = 0 != closure_a is the breach; it then returns to the
// pushed address. "site" does not apply: the code word came from [AX+0].
#include "prelude.inc"
        START
        movl    $fv_a, %eax
        movl    (%eax), %ecx
        movl    $start_args, %edx       // not the func value
        pushl   $.Lresumed              // where closure_a returns to
        jmp     *%ecx                   // ijmp CX <- [AX+0] -> closure_a, ctx=start_args word0=0
.Lresumed:
        cmpl    $21, %eax               // closure_a read start_args' word 1
        END_START

        CLOSURE closure_a

        DATA
        FUNC_VALUE fv_a, closure_a, 42
        FUNC_VALUE start_args, 0, 21
