//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0x16 -> closure_a
// Breaks "entry" by an indirect jump, the way a goroutine or deferred call is started:
// a return address is pushed, then the code (word 0 of fv_a, loaded through RAX) is
// jumped to, but the context register RDX was set to start_args, a plain data record
// (word 0 is 0), instead of fv_a. closure_a consumes RDX, so entering it by the jump
// with ctx = start_args, word0 = 0 != closure_a is the breach; it then returns to the
// pushed address. "site" does not apply: the code word came from [AX+0].
        .text

        .globl  _start
        .type   _start, @function
_start:
        leaq    fv_a(%rip), %rax
        movq    (%rax), %rcx
        leaq    start_args(%rip), %rdx  // not the func value
        pushq   $.Lresumed              // where closure_a returns to
        jmp     *%rcx                   // ijmp CX <- [AX+0] -> closure_a, ctx=start_args word0=0
.Lresumed:
        cmpq    $21, %rax               // closure_a read start_args' word 1
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
        .type   start_args, @object
start_args:
        .quad   0, 21
        .size   start_args, .-start_args

        .section .note.GNU-stack,"",@progbits
