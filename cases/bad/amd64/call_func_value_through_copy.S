//! exit: 139
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x25 -> fv_exec
//! violation: entry _start+0x25 -> fv_exec
// Breaks "site": the call goes to the func value itself, not to its word 0, through a
// copy: RAX is copied to the context register RDX and to RCX, and the call is through
// RCX. The func value sits in executable memory, as it did in the heap of Go's 2013
// runtimes (step 1 wrote closure code there): step 2's 5g mutant `mov r1, r3` for
// `ldr r1, [r3]` ran into it and died of SIGILL with no report. Here its words run as
// instructions until one writes memory and faults. The site rule, which sees RCX and
// RDX hold one value, says why ("entry" fires too: those bytes read RDX).
#include "prelude.inc"
        START
        SAY_RAN
        leaq    fv_exec(%rip), %rax
        movq    %rax, %rdx
        movq    %rax, %rcx              // the func value, not its word 0
        call    *%rcx                   // icall CX <- AX <- ? -> fv_exec, ctx=fv_exec word0=closure_a
        cmpq    $42, %rax
        END_START

        CLOSURE closure_a

        .type   fv_exec, @function
fv_exec:
        .quad   closure_a, 42           // a func value, in the code
        ud2
        .size   fv_exec, .-fv_exec

        DATA
