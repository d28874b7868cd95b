//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: entry _start+0x11 -> closure_a
// Breaks "entry" by an indirect jump, the way a goroutine or deferred call is started:
// a return address is pushed, then the code (word 0 of fv_a, loaded through EAX) is
// jumped to, but the context register EDX was set to start_args, a plain data record
// (word 0 is 0), instead of fv_a. closure_a consumes EDX, so entering it by the jump
// with ctx = start_args, word0 = 0 != closure_a is the breach; it then returns to the
// pushed address. "site" does not apply: the code word came from [AX+0].
        .text

        .globl  _start
        .type   _start, @function
_start:
        movl    $fv_a, %eax
        movl    (%eax), %ecx
        movl    $start_args, %edx       // not the func value
        pushl   $.Lresumed              // where closure_a returns to
        jmp     *%ecx                   // ijmp CX <- [AX+0] -> closure_a, ctx=start_args word0=0
.Lresumed:
        cmpl    $21, %eax               // closure_a read start_args' word 1
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
        .type   start_args, @object
start_args:
        .long   0, 21
        .size   start_args, .-start_args

        .section .note.GNU-stack,"",@progbits
