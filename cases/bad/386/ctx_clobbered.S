//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: site _start+0xc -> closure_a
//! violation: entry _start+0xc -> closure_a
// Breaks "site" (and so "entry"): the code word is loaded from word 0 of the func value
// in the context register, fv_a, but EDX is overwritten with fv_b before the call, in
// the same straight-line block. At the call, word 0 of the func value in EDX is
// closure_b, not the target closure_a ("site"), and closure_a, which consumes EDX, is
// entered with ctx = fv_b, word0 = closure_b ("entry"; it reads fv_b's word 1, 77).
        .text

        .globl  _start
        .type   _start, @function
_start:
        movl    $fv_a, %edx
        movl    (%edx), %ecx            // code word from [DX+0], ctx = fv_a
        movl    $fv_b, %edx             // the context register clobbered
        call    *%ecx                   // icall CX <- [DX+0] -> closure_a, ctx=fv_b word0=closure_b
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
