//! exit: 139
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0x22 -> not_code
// Breaks "target": the func value's word 0 is the address of a data object, so the
// call goes into memory that cannot be executed and the guest dies of SIGSEGV there.
// The call agrees with the func value (site holds) and no function is entered (entry
// does not apply): only "target" says it, from the fault at the target.
#include "prelude.inc"
        START
        SAY_RAN
        leaq    fv_data(%rip), %rdx
        movq    (%rdx), %rcx
        call    *%rcx                   // icall CX <- [DX+0] -> not_code: fetching it faults
        cmpq    $42, %rax
        END_START

        DATA
        .type   not_code, @object
not_code: .quad 0
        .size   not_code, .-not_code
        FUNC_VALUE fv_data, not_code, 42
