//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0x11 -> closure_a
// Breaks "entry": the context register RDX holds a valid func value, but the wrong
// one: fv_b (word 0 closure_b), while the code called is closure_a, taken from word 0
// of fv_a through RAX. closure_a consumes RDX, so entering it with ctx = fv_b,
// word0 = closure_b != closure_a is the breach (closure_a then reads fv_b's captured
// word, 77). "site" does not apply: the code word came from [AX+0].
        .text

        .globl  _start
        .type   _start, @function
_start:
        leaq    fv_a(%rip), %rax
        movq    (%rax), %rcx
        leaq    fv_b(%rip), %rdx        // another closure's func value
        call    *%rcx                   // icall CX <- [AX+0] -> closure_a, ctx=fv_b word0=closure_b
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
