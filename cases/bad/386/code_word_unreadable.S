//! exit: 139
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0x1d -> 0x0
// Breaks "target": EDX holds no func value but an address past the zero page that is
// not mapped, so loading the code word faults and the call never runs (the guest dies
// of SIGSEGV). A nil func value faults the same way in the zero page, which Go makes
// a panic on purpose; anywhere else the register was not loaded with a func value.
#include "prelude.inc"
        .equ    nowhere, 0xf00000
        START
        SAY_RAN
        movl    $nowhere, %edx
        movl    (%edx), %ecx            // faults: load_fault 0xf00000
        call    *%ecx
        cmpl    $42, %eax
        END_START

        DATA
