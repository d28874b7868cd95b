//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0x11 -> closure_a
//! violation: entry _start+0x11 -> closure_a
// Breaks "site" (and so "entry"): the code word is loaded from word 0 of the func value
// in the context register, fv_a, but RDX is overwritten with fv_b before the call, in
// the same straight-line block. At the call, word 0 of the func value in RDX is
// closure_b, not the target closure_a ("site"), and closure_a, which consumes RDX, is
// entered with ctx = fv_b, word0 = closure_b ("entry"; it reads fv_b's word 1, 77).
        .text

        .globl  _start
        .type   _start, @function
_start:
        leaq    fv_a(%rip), %rdx
        movq    (%rdx), %rcx            // code word from [DX+0], ctx = fv_a
        leaq    fv_b(%rip), %rdx        // the context register clobbered
        call    *%rcx                   // icall CX <- [DX+0] -> closure_a, ctx=fv_b word0=closure_b
        cmpq    $77, %rax               // closure_a read fv_b's captured word
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

        // Closures: the captured value is word 1 of the func value in RDX.
        .type   closure_a, @function
closure_a:
        movq    8(%rdx), %rax
        ret
        .size   closure_a, .-closure_a

        .type   closure_b, @function
closure_b:
        movq    8(%rdx), %rax
        ret
        .size   closure_b, .-closure_b

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
        .type   fv_b, @object
fv_b:   .quad   closure_b, 77
        .size   fv_b, .-fv_b

        .section .note.GNU-stack,"",@progbits
