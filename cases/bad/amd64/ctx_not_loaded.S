//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0x11 -> closure_a
// Breaks "entry": the caller takes closure_a's code from word 0 of fv_a through RAX
// but never loads the func value into the context register RDX, which still points at
// a stale data object, not_a_funcval (word 0 is 0, not code). closure_a consumes RDX
// (it reads its captured word through it), so entering it with ctx = not_a_funcval,
// word0 = 0 != closure_a is the breach. "site" does not apply: the code word came from
// [AX+0], not from the context register. The data keeps the run harmless.
        .text

        .globl  _start
        .type   _start, @function
_start:
        leaq    fv_a(%rip), %rax
        movq    (%rax), %rcx
        leaq    not_a_funcval(%rip), %rdx   // the func value never reaches RDX
        call    *%rcx                   // icall CX <- [AX+0] -> closure_a, ctx=not_a_funcval word0=0
        cmpq    $13, %rax               // closure_a read not_a_funcval's word 1
        jne     fail

        movl    $1, %eax                // write(1, ok, ok_len)
        movl    $1, %edi
        leaq    ok(%rip), %rsi
        movl    $ok_len, %edx
        syscall
        cmpq    $ok_len, %rax
        jne     fail
        movl    $60, %eax               // exit(0)
        xorl    %edi, %edi
        syscall
        .size   _start, .-_start

        .type   fail, @function
fail:
        movl    $1, %eax
        movl    $2, %edi
        leaq    bad(%rip), %rsi
        movl    $bad_len, %edx
        syscall
        movl    $60, %eax
        movl    $1, %edi
        syscall
        .size   fail, .-fail

        // The closure: its captured value is word 1 of the func value in RDX.
        .type   closure_a, @function
closure_a:
        movq    8(%rdx), %rax
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
        .align  8
        .type   fv_a, @object
fv_a:   .quad   closure_a, 42
        .size   fv_a, .-fv_a
        .type   not_a_funcval, @object
not_a_funcval:
        .quad   0, 13
        .size   not_a_funcval, .-not_a_funcval

        .section .note.GNU-stack,"",@progbits
