//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0xc -> closure_a
// Breaks "entry": the context register EDX holds a valid func value, but the wrong
// one: fv_b (word 0 closure_b), while the code called is closure_a, taken from word 0
// of fv_a through EAX. closure_a consumes EDX, so entering it with ctx = fv_b,
// word0 = closure_b != closure_a is the breach (closure_a then reads fv_b's captured
// word, 77). "site" does not apply: the code word came from [AX+0].
        .text

        .globl  _start
        .type   _start, @function
_start:
        movl    $fv_a, %eax
        movl    (%eax), %ecx
        movl    $fv_b, %edx             // another closure's func value
        call    *%ecx                   // icall CX <- [AX+0] -> closure_a, ctx=fv_b word0=closure_b
        cmpl    $77, %eax               // closure_a read fv_b's captured word
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

        // Closures: the captured value is word 1 of the func value in EDX.
        .type   closure_a, @function
closure_a:
        movl    4(%edx), %eax
        ret
        .size   closure_a, .-closure_a

        .type   closure_b, @function
closure_b:
        movl    4(%edx), %eax
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
        .align  4
        .type   fv_a, @object
fv_a:   .long   closure_a, 42
        .size   fv_a, .-fv_a
        .type   fv_b, @object
fv_b:   .long   closure_b, 77
        .size   fv_b, .-fv_b

        .section .note.GNU-stack,"",@progbits
