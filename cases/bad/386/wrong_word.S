//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0x8 -> closure_c
// Breaks "entry": EDX holds the right func value, fv_a, but the code is taken from its
// word 1 instead of word 0. fv_a's word 1 happens to be a code address, closure_c, a
// function that also consumes EDX, so control enters closure_c with ctx = fv_a,
// word0 = closure_a != closure_c. "site" does not apply: the target was loaded from
// [DX+0x4], not from word 0 of the context register.
        .text

        .globl  _start
        .type   _start, @function
_start:
        movl    $fv_a, %edx
        movl    4(%edx), %ecx           // word 1, not word 0
        call    *%ecx                   // icall CX <- [DX+0x4] -> closure_c, ctx=fv_a word0=closure_a
        cmpl    $42, %eax               // closure_c read fv_a's captured word
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

        // Closures: the captured value is word 2 of the func value in EDX.
        .type   closure_a, @function
closure_a:
        movl    8(%edx), %eax
        ret
        .size   closure_a, .-closure_a

        .type   closure_c, @function
closure_c:
        movl    8(%edx), %eax
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
        .align  4
        .type   fv_a, @object
fv_a:   .long   closure_a, closure_c, 42
        .size   fv_a, .-fv_a

        .section .note.GNU-stack,"",@progbits
