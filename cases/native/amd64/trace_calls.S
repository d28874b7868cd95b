//! exit: 0
//! stdout: trace calls ok
//! event: call _start+0x2 -> leaf_one
//! event: ret leaf_one+0x5 -> _start+0x7
//! event: icall _start+0x1e -> closure_a ctx=fv_a word0=closure_a source=CX <- [AX+0]
//! event: ret closure_a+0x4 -> _start+0x20
//! event: icall _start+0x33 -> method_one source=[AX+0x18]
//! event: ret method_one+0x5 -> _start+0x36
//! event: icall _start+0x4c -> method_two source=[SI+DX*8+0x10]
//! event: ret method_two+0x5 -> _start+0x50
//! event: icall _start+0x67 -> closure_b ctx=fv_b word0=closure_b source=CX <- AX <- [DX+0]
//! event: ret closure_b+0x4 -> _start+0x69
//! event: icall _start+0x7c -> leaf_two source=SI <- imm
//! event: ret leaf_two+0x5 -> _start+0x7e
//! event: icall _start+0x8f -> leaf_two source=R8 <- imm
//! event: ret leaf_two+0x5 -> _start+0x92
//! event: icall _start+0xa7 -> leaf_three source=BX <- ?
//! event: ret leaf_three+0x5 -> _start+0xa9
//! event: call _start+0xba -> leaf_one
//! event: ret leaf_one+0x5 -> _start+0xbf
//! event: icall _start+0xbf -> leaf_three source=BX <- ?
//! event: ret leaf_three+0x5 -> _start+0xc1
//! event: icall _start+0xcb -> leaf_six source=[fnptr]
//! event: ret leaf_six+0x5 -> _start+0xd1
//! event: icall _start+0xdb -> leaf_six source=[fnptr]
//! event: ret leaf_six+0x5 -> _start+0xe2
//! event: call _start+0xec -> tail_imm
//! event: ijmp tail_imm+0x7 -> leaf_seven source=CX <- imm
//! event: ret leaf_seven+0x5 -> _start+0xf1
//! event: call _start+0x102 -> tail_closure
//! event: ijmp tail_closure -> closure_c ctx=fv_c word0=closure_c source=[DX+0]
//! event: ret closure_c+0x4 -> _start+0x107
//! event: call _start+0x116 -> switch_fn
//! event: ijmp switch_fn+0x2 -> switch_fn+0x15 source=[AX*8+jtab]
//! event: ret switch_fn+0x1a -> _start+0x11b
//! event: call _start+0x140 -> patch_fn
//! event: ret patch_fn+0x6 -> _start+0x145
//! event: call _start+0x16c -> patch_fn
//! event: ijmp patch_fn+0x5 -> leaf_two source=CX <- imm
//! event: ret leaf_two+0x5 -> _start+0x171
// A program with no C library whose control transfers are all known: each callee
// returns a known value, _start checks them, writes a line and exits. The `//! event:`
// lines above are every call event `fvemu trace` must report, in order; the comments
// at the call sites below say which events each one makes. The context register is
// RDX: it holds 0 or a small index at every indirect transfer that is not a closure
// call, so only the closure calls and jumps carry ctx= and word0=.
        .text

        .globl  _start
        .type   _start, @function
_start:
        xorl    %edx, %edx
        // Direct call.
        call    leaf_one                // call; ret
        cmpq    $1, %rax
        jne     fail

        // Go's closure call: the func value in RAX, word 0 the code, RDX the context.
        leaq    fv_a(%rip), %rax
        movq    (%rax), %rcx
        movq    %rax, %rdx
        call    *%rcx                   // icall CX <- [AX+0], ctx=fv_a word0=closure_a
        cmpq    $42, %rax
        jne     fail

        // A method call through an itab-like table.
        xorl    %edx, %edx
        leaq    itab(%rip), %rax
        call    *0x18(%rax)             // icall [AX+0x18] -> method_one
        cmpq    $3, %rax
        jne     fail

        // Base, index and displacement: itab + 2*8 + 0x10 = word 4. RDX = 2, no func value.
        leaq    itab(%rip), %rsi
        movl    $2, %edx
        call    *0x10(%rsi,%rdx,8)      // icall [SI+DX*8+0x10] -> method_two
        cmpq    $4, %rax
        jne     fail

        // A register copy chain from a func value.
        leaq    fv_b(%rip), %rdx
        movq    (%rdx), %rax
        movq    %rax, %rcx
        call    *%rcx                   // icall CX <- AX <- [DX+0], ctx=fv_b word0=closure_b
        cmpq    $77, %rax
        jne     fail

        // An address loaded into a register: RIP-relative lea, then an immediate.
        xorl    %edx, %edx
        leaq    leaf_two(%rip), %rsi
        call    *%rsi                   // icall SI <- imm
        cmpq    $2, %rax
        jne     fail
        movq    $leaf_two, %r8
        call    *%r8                    // icall R8 <- imm
        cmpq    $2, %rax
        jne     fail

        // Arithmetic on the target register: unknown.
        leaq    leaf_three-16(%rip), %rbx
        addq    $16, %rbx
        call    *%rbx                   // icall BX <- ?
        cmpq    $5, %rax
        jne     fail

        // The target register written before an earlier call: not in the block.
        leaq    leaf_three(%rip), %rbx
        call    leaf_one                // call; ret
        call    *%rbx                   // icall BX <- ?
        cmpq    $5, %rax
        jne     fail

        // Memory operands at a data symbol's address: RIP-relative and absolute.
        call    *fnptr(%rip)            // icall [fnptr]
        cmpq    $6, %rax
        jne     fail
        call    *fnptr                  // icall [fnptr]
        cmpq    $6, %rax
        jne     fail

        // A tail jump through a register: leaf_six returns straight to _start.
        call    tail_imm                // call; ijmp CX <- imm; ret to _start
        cmpq    $7, %rax
        jne     fail

        // A tail jump through a func value's word 0.
        leaq    fv_c(%rip), %rdx
        call    tail_closure            // call; ijmp [DX+0] ctx=fv_c word0=closure_c; ret
        cmpq    $99, %rax
        jne     fail

        // A jump table inside switch_fn.
        movl    $2, %eax
        call    switch_fn               // call; ijmp [AX*8+jtab]; ret
        cmpq    $12, %rax
        jne     fail

        // Self-modifying code: patch_fn runs as version A, is overwritten with version
        // B by plain stores, and runs again. Both are patch_len bytes up to their first
        // transfer, so a decoded block kept from the first run would still report A's
        // ret at patch_fn+0x6, where B has an ijmp at patch_fn+0x5.
        movl    $10, %eax               // mprotect(patch_fn, 4096, PROT_READ|WRITE|EXEC)
        leaq    patch_fn(%rip), %rdi
        movl    $4096, %esi
        movl    $7, %edx
        syscall
        testq   %rax, %rax
        jne     fail
        xorl    %edx, %edx
        call    patch_fn                // call; ret (version A)
        cmpq    $1, %rax
        jne     fail
        leaq    patch_b(%rip), %rsi     // copy version B over version A
        leaq    patch_fn(%rip), %rdi
        movl    $patch_len, %ecx
1:      movb    (%rsi), %al
        movb    %al, (%rdi)
        incq    %rsi
        incq    %rdi
        decl    %ecx
        jnz     1b
        call    patch_fn                // call; ijmp CX <- imm (version B); ret by leaf_two
        cmpq    $2, %rax
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

        .type   leaf_one, @function
leaf_one:
        movl    $1, %eax
        ret
        .size   leaf_one, .-leaf_one

        .type   leaf_two, @function
leaf_two:
        movl    $2, %eax
        ret
        .size   leaf_two, .-leaf_two

        .type   leaf_three, @function
leaf_three:
        movl    $5, %eax
        ret
        .size   leaf_three, .-leaf_three

        .type   leaf_six, @function
leaf_six:
        movl    $6, %eax
        ret
        .size   leaf_six, .-leaf_six

        .type   leaf_seven, @function
leaf_seven:
        movl    $7, %eax
        ret
        .size   leaf_seven, .-leaf_seven

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

        .type   closure_c, @function
closure_c:
        movq    8(%rdx), %rax
        ret
        .size   closure_c, .-closure_c

        .type   method_one, @function
method_one:
        movl    $3, %eax
        ret
        .size   method_one, .-method_one

        .type   method_two, @function
method_two:
        movl    $4, %eax
        ret
        .size   method_two, .-method_two

        .type   tail_imm, @function
tail_imm:
        xorl    %edx, %edx
        movl    $leaf_seven, %ecx
        jmp     *%rcx
        .size   tail_imm, .-tail_imm

        .type   tail_closure, @function
tail_closure:
        jmp     *(%rdx)
        .size   tail_closure, .-tail_closure

        .type   switch_fn, @function
switch_fn:
        xorl    %edx, %edx
        jmp     *jtab(,%rax,8)
.Lcase0:
        movl    $10, %eax
        ret
.Lcase1:
        movl    $11, %eax
        ret
.Lcase2:
        movl    $12, %eax
        ret
        .size   switch_fn, .-switch_fn

        .section .rodata
        .align  8
        .type   itab, @object
itab:   .quad   itab_type, 0, 0, method_one, method_two
        .size   itab, .-itab
        .type   itab_type, @object
itab_type:
        .quad   8, 0
        .size   itab_type, .-itab_type
        .type   jtab, @object
jtab:   .quad   .Lcase0, .Lcase1, .Lcase2
        .size   jtab, .-jtab
        .type   fnptr, @object
fnptr:  .quad   leaf_six
        .size   fnptr, .-fnptr
        .type   ok, @object
ok:     .ascii  "trace calls ok\n"
        .set    ok_len, .-ok
        .size   ok, .-ok
        .type   bad, @object
bad:    .ascii  "trace calls: wrong value\n"
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
        .type   fv_c, @object
fv_c:   .quad   closure_c, 99
        .size   fv_c, .-fv_c

        // A page of its own, made executable at run time: version A of patch_fn.
        .section .data.patch,"aw"
        .balign 4096
        .type   patch_fn, @function
patch_fn:
        movl    $1, %eax
        nop
        ret
        .size   patch_fn, .-patch_fn
        .set    patch_len, .-patch_fn
        .space  4096 - patch_len

        // Version B, as data: a tail jump to leaf_two, which returns to patch_fn's caller.
        .section .rodata
        .type   patch_b, @object
patch_b:
        movl    $leaf_two, %ecx
        jmp     *%rcx
        .size   patch_b, .-patch_b
        .if     . - patch_b - patch_len
        .error  "versions A and B of patch_fn differ in length"
        .endif

        .section .note.GNU-stack,"",@progbits
