//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0xb -> closure_c
// Breaks "entry": RDX holds the right func value, fv_a, but the code is taken from its
// word 1 instead of word 0. fv_a's word 1 happens to be a code address, closure_c, a
// function that also consumes RDX, so control enters closure_c with ctx = fv_a,
// word0 = closure_a != closure_c. "site" does not apply: the target was loaded from
// [DX+0x8], not from word 0 of the context register.
        .text

        .globl  _start
        .type   _start, @function
_start:
        leaq    fv_a(%rip), %rdx
        movq    8(%rdx), %rcx           // word 1, not word 0
        call    *%rcx                   // icall CX <- [DX+0x8] -> closure_c, ctx=fv_a word0=closure_a
        cmpq    $42, %rax               // closure_c read fv_a's captured word
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

        // Closures: the captured value is word 2 of the func value in RDX.
        .type   closure_a, @function
closure_a:
        movq    16(%rdx), %rax
        ret
        .size   closure_a, .-closure_a

        .type   closure_c, @function
closure_c:
        movq    16(%rdx), %rax
        ret
        .size   closure_c, .-closure_c

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
fv_a:   .quad   closure_a, closure_c, 42
        .size   fv_a, .-fv_a

        .section .note.GNU-stack,"",@progbits
