//! exit: 0
//! stdout: trace calls ok
//! event: call _start+0x5 -> leaf_one
//! event: ret leaf_one+0x5 -> _start+0xa
//! event: icall _start+0x21 -> closure_a ctx=fv_a word0=closure_a source=AX <- [DX+0]
//! event: ret closure_a+0x3 -> _start+0x23
//! event: icall _start+0x33 -> method_one source=[AX+0x18]
//! event: ret method_one+0x5 -> _start+0x36
//! event: icall _start+0x44 -> method_two source=[BX-0x8]
//! event: ret method_two+0x5 -> _start+0x47
//! event: icall _start+0x59 -> closure_b ctx=fv_b word0=closure_b source=CX <- AX <- [DX+0]
//! event: ret closure_b+0x3 -> _start+0x5b
//! event: icall _start+0x6b -> leaf_two source=SI <- imm
//! event: ret leaf_two+0x5 -> _start+0x6d
//! event: icall _start+0x7c -> leaf_two source=DI <- imm
//! event: ret leaf_two+0x5 -> _start+0x7e
//! event: icall _start+0x8f -> leaf_three source=BX <- ?
//! event: ret leaf_three+0x5 -> _start+0x91
//! event: call _start+0x9f -> leaf_one
//! event: ret leaf_one+0x5 -> _start+0xa4
//! event: icall _start+0xa4 -> leaf_three source=BX <- ?
//! event: ret leaf_three+0x5 -> _start+0xa6
//! event: icall _start+0xaf -> leaf_six source=[fnptr]
//! event: ret leaf_six+0x5 -> _start+0xb5
//! event: call _start+0xbe -> tail_imm
//! event: ijmp tail_imm+0x7 -> leaf_seven source=CX <- imm
//! event: ret leaf_seven+0x5 -> _start+0xc3
//! event: call _start+0xd1 -> tail_closure
//! event: ijmp tail_closure -> closure_c ctx=fv_c word0=closure_c source=[DX+0]
//! event: ret closure_c+0x3 -> _start+0xd6
//! event: call _start+0xe0 -> switch_fn
//! event: ijmp switch_fn+0x2 -> switch_fn+0xf source=[AX*4+jtab]
//! event: ret switch_fn+0x14 -> _start+0xe5
//! event: call _start+0x106 -> patch_fn
//! event: ret patch_fn+0x6 -> _start+0x10b
//! event: call _start+0x128 -> patch_fn
//! event: ijmp patch_fn+0x5 -> leaf_two source=CX <- imm
//! event: ret leaf_two+0x5 -> _start+0x12d
// A program with no C library whose control transfers are all known: each callee
// returns a known value, _start checks them, writes a line and exits. The `//! event:`
// lines above are every call event `fvemu trace` must report, in order; the comments
// at the call sites below say which events each one makes. The context register is
// EDX: it holds 0 at every indirect transfer that is not a closure call, so only the
// closure calls and jumps carry ctx= and word0=.
        .text

        .globl  _start
        .type   _start, @function
_start:
        subl    $16, %esp               // room for a spilled func value at 4(%esp)
        xorl    %edx, %edx
        // Direct call.
        call    leaf_one                // call; ret
        cmpl    $1, %eax
        jne     fail

        // Go's closure call: the func value reloaded from the stack into EDX, word 0
        // of it into EAX.
        movl    $fv_a, 4(%esp)
        movl    4(%esp), %edx
        movl    (%edx), %eax
        call    *%eax                   // icall AX <- [DX+0], ctx=fv_a word0=closure_a
        cmpl    $42, %eax
        jne     fail

        // A method call through an itab-like table, and one with a negative offset.
        xorl    %edx, %edx
        movl    $itab, %eax
        call    *0x18(%eax)             // icall [AX+0x18] -> method_one
        cmpl    $3, %eax
        jne     fail
        movl    $itab+0x10, %ebx
        call    *-0x8(%ebx)             // icall [BX-0x8] -> method_two
        cmpl    $4, %eax
        jne     fail

        // A register copy chain from a func value.
        movl    $fv_b, %edx
        movl    (%edx), %eax
        movl    %eax, %ecx
        call    *%ecx                   // icall CX <- AX <- [DX+0], ctx=fv_b word0=closure_b
        cmpl    $77, %eax
        jne     fail

        // An address loaded into a register: an immediate, then lea.
        xorl    %edx, %edx
        movl    $leaf_two, %esi
        call    *%esi                   // icall SI <- imm
        cmpl    $2, %eax
        jne     fail
        leal    leaf_two, %edi
        call    *%edi                   // icall DI <- imm
        cmpl    $2, %eax
        jne     fail

        // Arithmetic on the target register: unknown.
        movl    $leaf_three-16, %ebx
        addl    $16, %ebx
        call    *%ebx                   // icall BX <- ?
        cmpl    $5, %eax
        jne     fail

        // The target register written before an earlier call: not in the block.
        movl    $leaf_three, %ebx
        call    leaf_one                // call; ret
        call    *%ebx                   // icall BX <- ?
        cmpl    $5, %eax
        jne     fail

        // A memory operand at a data symbol's absolute address.
        call    *fnptr                  // icall [fnptr]
        cmpl    $6, %eax
        jne     fail

        // A tail jump through a register: leaf_seven returns straight to _start.
        call    tail_imm                // call; ijmp CX <- imm; ret to _start
        cmpl    $7, %eax
        jne     fail

        // A tail jump through a func value's word 0.
        movl    $fv_c, %edx
        call    tail_closure            // call; ijmp [DX+0] ctx=fv_c word0=closure_c; ret
        cmpl    $99, %eax
        jne     fail

        // A jump table inside switch_fn.
        movl    $1, %eax
        call    switch_fn               // call; ijmp [AX*4+jtab]; ret
        cmpl    $11, %eax
        jne     fail

        // Self-modifying code: patch_fn runs as version A, is overwritten with version
        // B by plain stores, and runs again. Both are patch_len bytes up to their first
        // transfer, so a decoded block kept from the first run would still report A's
        // ret at patch_fn+0x6, where B has an ijmp at patch_fn+0x5.
        movl    $125, %eax              // mprotect(patch_fn, 4096, PROT_READ|WRITE|EXEC)
        movl    $patch_fn, %ebx
        movl    $4096, %ecx
        movl    $7, %edx
        int     $0x80
        testl   %eax, %eax
        jne     fail
        xorl    %edx, %edx
        call    patch_fn                // call; ret (version A)
        cmpl    $1, %eax
        jne     fail
        movl    $patch_b, %esi          // copy version B over version A
        movl    $patch_fn, %edi
        movl    $patch_len, %ecx
1:      movb    (%esi), %al
        movb    %al, (%edi)
        incl    %esi
        incl    %edi
        decl    %ecx
        jnz     1b
        call    patch_fn                // call; ijmp CX <- imm (version B); ret by leaf_two
        cmpl    $2, %eax
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

        .type   closure_c, @function
closure_c:
        movl    4(%edx), %eax
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
        jmp     *%ecx
        .size   tail_imm, .-tail_imm

        .type   tail_closure, @function
tail_closure:
        jmp     *(%edx)
        .size   tail_closure, .-tail_closure

        .type   switch_fn, @function
switch_fn:
        xorl    %edx, %edx
        jmp     *jtab(,%eax,4)
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
        .align  4
        .type   itab, @object
itab:   .long   itab_type, 0, method_two, 0, 0, 0, method_one
        .size   itab, .-itab
        .type   itab_type, @object
itab_type:
        .long   4, 0
        .size   itab_type, .-itab_type
        .type   jtab, @object
jtab:   .long   .Lcase0, .Lcase1, .Lcase2
        .size   jtab, .-jtab
        .type   fnptr, @object
fnptr:  .long   leaf_six
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
        .align  4
        .type   fv_a, @object
fv_a:   .long   closure_a, 42
        .size   fv_a, .-fv_a
        .type   fv_b, @object
fv_b:   .long   closure_b, 77
        .size   fv_b, .-fv_b
        .type   fv_c, @object
fv_c:   .long   closure_c, 99
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
        jmp     *%ecx
        .size   patch_b, .-patch_b
        .if     . - patch_b - patch_len
        .error  "versions A and B of patch_fn differ in length"
        .endif

        .section .note.GNU-stack,"",@progbits
