//! exit: 139
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0x1c -> 0x0
// Breaks "target": R7 holds no func value but an address past the zero page that is
// not mapped, so loading the code word faults and the call never runs (the guest dies
// of SIGSEGV). A nil func value faults the same way in the zero page, which Go makes
// a panic on purpose; anywhere else the register was not loaded with a func value.
#include "prelude.inc"
        .equ    nowhere, 0xf00000
        START
        SAY_RAN
        ldr     r7, =nowhere
        ldr     r0, [r7]                // faults: load_fault 0xf00000
        blx     r0
        cmp     r0, #42
        END_START

        DATA
