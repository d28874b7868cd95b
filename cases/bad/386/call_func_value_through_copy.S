//! exit: 139
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x1f -> fv_exec
//! violation: entry _start+0x1f -> fv_exec
// Breaks "site": the call goes to the func value itself, not to its word 0, through a
// copy: EAX is copied to the context register EDX and to ECX, and the call is through
// ECX. The func value sits in executable memory, as it did in the heap of Go's 2013
// runtimes (step 1 wrote closure code there): step 2's 5g mutant `mov r1, r3` for
// `ldr r1, [r3]` ran into it and died of SIGILL with no report. Here its words run as
// instructions until one writes memory and faults. The site rule, which sees ECX and
// EDX hold one value, says why ("entry" fires too: those bytes read EDX).
#include "prelude.inc"
        START
        SAY_RAN
        movl    $fv_exec, %eax
        movl    %eax, %edx
        movl    %eax, %ecx              // the func value, not its word 0
        call    *%ecx                   // icall CX <- AX <- imm -> fv_exec, ctx=fv_exec word0=closure_a
        cmpl    $42, %eax
        END_START

        CLOSURE closure_a

        .type   fv_exec, @function
fv_exec:
        .long   closure_a, 42           // a func value, in the code
        ud2
        .size   fv_exec, .-fv_exec

        DATA
