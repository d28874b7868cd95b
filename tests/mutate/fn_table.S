// A C-style table of code pointers, called the way a func value is: the code word
// from word 0 of the record, the record in the context register too, but loaded from
// its own address while the register the code word came through is reused before the
// call. A load from another word of the record then cannot be tied to the context
// register's func value, so the checker cannot judge it: tests/e2e/test_mutate.py
// builds this for amd64 (gcc -nostdlib -static) to see `fvemu mutate` report the
// mutant it must miss. Prints "ok" and exits 0 when f_a returns 1.
//   ctx-not-loaded    RDX keeps 0: no func value                          -> caught (site)
//   code-word-offset  table's word 1 is another function, f_b: exit 1     -> missed
//   call-func-value   the call goes into the table, which is data: SIGSEGV -> caught (target)
        .text
        .globl  _start
        .type   _start, @function
_start:
        leaq    table(%rip), %rax
        movq    (%rax), %rcx            // word 0: f_a
        leaq    table(%rip), %rdx       // the same record, from its own address
        xorl    %eax, %eax              // the loading register reused
        call    *%rcx
        cmpq    $1, %rax
        jne     1f
        movl    $1, %eax                // write(1, "ok\n", 3)
        movl    $1, %edi
        leaq    ok(%rip), %rsi
        movl    $3, %edx
        syscall
        movl    $60, %eax               // exit(0)
        xorl    %edi, %edi
        syscall
1:      movl    $60, %eax               // exit(1)
        movl    $1, %edi
        syscall
        .size   _start, .-_start

        .type   f_a, @function
f_a:    movl    $1, %eax
        ret
        .size   f_a, .-f_a

        .type   f_b, @function
f_b:    movl    $2, %eax
        ret
        .size   f_b, .-f_b

        .section .rodata
ok:     .ascii  "ok\n"
        .section .note.GNU-stack,"",@progbits
        .data
        .align  8
        .type   table, @object
table:  .quad   f_a, f_b
        .size   table, .-table
