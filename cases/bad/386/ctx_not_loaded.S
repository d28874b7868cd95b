//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0xc -> closure_a
// Breaks "entry": the caller takes closure_a's code from word 0 of fv_a through EAX
// but never loads the func value into the context register EDX, which still points at
// a stale data object, not_a_funcval (word 0 is 0, not code). closure_a consumes EDX
// (it reads its captured word through it), so entering it with ctx = not_a_funcval,
// word0 = 0 != closure_a is the breach. "site" does not apply: the code word came from
// [AX+0], not from the context register. The data keeps the run harmless.
        .text

        .globl  _start
        .type   _start, @function
_start:
        movl    $fv_a, %eax
        movl    (%eax), %ecx
        movl    $not_a_funcval, %edx    // the func value never reaches EDX
        call    *%ecx                   // icall CX <- [AX+0] -> closure_a, ctx=not_a_funcval word0=0
        cmpl    $13, %eax               // closure_a read not_a_funcval's word 1
        jne     fail

        movl    $4, %eax                // write(1, ok, ok_len)
        movl    $1, %ebx
        movl    $ok, %ecx
        movl    $ok_len, %edx
        int     $0x80
        cmpl    $ok_len, %eax
        jne     fail
        movl    $1, %eax                // exit(0)
        xorl    %ebx, %ebx
        int     $0x80
        .size   _start, .-_start

        .type   fail, @function
fail:
        movl    $4, %eax
        movl    $2, %ebx
        movl    $bad, %ecx
        movl    $bad_len, %edx
        int     $0x80
        movl    $1, %eax
        movl    $1, %ebx
        int     $0x80
        .size   fail, .-fail

        // The closure: its captured value is word 1 of the func value in EDX.
        .type   closure_a, @function
closure_a:
        movl    4(%edx), %eax
        ret
        .size   closure_a, .-closure_a

        .section .rodata
        .type   ok, @object
ok:     .ascii  "bad case ran\n"
        .set    ok_len, .-ok
        .size   ok, .-ok
        .type   bad, @object
bad:    .ascii  "bad case: wrong value\n"
        .set    bad_len, .-bad
        .size   bad, .-bad

        .data
        .align  4
        .type   fv_a, @object
fv_a:   .long   closure_a, 42
        .size   fv_a, .-fv_a
        .type   not_a_funcval, @object
not_a_funcval:
        .long   0, 13
        .size   not_a_funcval, .-not_a_funcval

        .section .note.GNU-stack,"",@progbits
