/*
 * fvrt for amd64: the func-value call primitive, the defer, goroutine and reflectcall
 * entry points that need the machine's own registers, the closure trampoline, the
 * process entry and the syscall stubs (Linux x86-64 numbers, arch/x86/entry/syscalls).
 *
 * Profiles (runtime/README.md): go puts the func value in RDX and calls through word
 * 0 of it; go-step1 (FV_PROFILE_GO_STEP1) puts it in RAX and the code word in RBX.
 * FV_BREAK_* builds the broken variants that cases/bad/runtime must see reported.
 */
#include "internal.h"

        .text

/* word fv_call(const FuncVal *fn, word a, word b) */
        .globl  fv_call
        .type   fv_call, @function
fv_call:
#ifdef FV_PROFILE_GO_STEP1
        pushq   %rbx                    /* callee-saved in C; aligns the call */
        movq    %rdi, %rax
        movq    %rsi, %rdi
        movq    %rdx, %rsi
        movq    (%rax), %rbx
        call    *%rbx
        popq    %rbx
#else
        subq    $8, %rsp
        movq    %rdi, %rax
        movq    %rsi, %rdi
        movq    %rdx, %rsi
        movq    %rax, %rdx
        movq    (%rdx), %rcx
        call    *%rcx
        addq    $8, %rsp
#endif
        ret
        .size   fv_call, .-fv_call

/* Loads the call in DeferCall *(%rax) and jumps through word 0 of its func value:
 * the tail of jmpdefer and gogocallfn. */
.macro  JUMP_TO_CALL
        movq    DEFERCALL_A(%rax), %rdi
        movq    DEFERCALL_B(%rax), %rsi
#ifdef FV_PROFILE_GO_STEP1
        movq    DEFERCALL_FN(%rax), %rax
        movq    (%rax), %rcx            /* not RBX: the deferring frame keeps it */
        jmp     *%rcx
#else
        movq    DEFERCALL_FN(%rax), %rdx
        movq    (%rdx), %rcx
        jmp     *%rcx
#endif
.endm

/* int gosave(Gobuf *b): 0 now, 1 when gogo(b) resumes here. */
        .globl  gosave
        .type   gosave, @function
gosave:
        movq    (%rsp), %rax
        movq    %rax, GOBUF_PC(%rdi)
        leaq    8(%rsp), %rax
        movq    %rax, GOBUF_SP(%rdi)
        movq    %rbx, GOBUF_REGS+0(%rdi)
        movq    %rbp, GOBUF_REGS+8(%rdi)
        movq    %r12, GOBUF_REGS+16(%rdi)
        movq    %r13, GOBUF_REGS+24(%rdi)
        movq    %r14, GOBUF_REGS+32(%rdi)
        movq    %r15, GOBUF_REGS+40(%rdi)
        xorl    %eax, %eax
        ret
        .size   gosave, .-gosave

/* void gogo(const Gobuf *b) */
        .globl  gogo
        .type   gogo, @function
gogo:
        movq    GOBUF_REGS+0(%rdi), %rbx
        movq    GOBUF_REGS+8(%rdi), %rbp
        movq    GOBUF_REGS+16(%rdi), %r12
        movq    GOBUF_REGS+24(%rdi), %r13
        movq    GOBUF_REGS+32(%rdi), %r14
        movq    GOBUF_REGS+40(%rdi), %r15
        movq    GOBUF_PC(%rdi), %rcx
        movq    GOBUF_SP(%rdi), %rsp
        movl    $1, %eax
        jmp     *%rcx
        .size   gogo, .-gogo

/* void gogocallfn(const Gobuf *b, const DeferCall *call): a new goroutine's first
 * instruction. Its stack is b->sp, it returns to b->pc (goexit), and it is entered
 * through word 0 of its func value with the func value in the context register. */
        .globl  gogocallfn
        .type   gogocallfn, @function
gogocallfn:
        movq    GOBUF_SP(%rdi), %rsp
        pushq   GOBUF_PC(%rdi)
        movq    %rsi, %rax
#ifdef FV_BREAK_GOGOCALLFN_WITHOUT_CTX
        /* Broken: the code word is taken from the func value, but the func value
         * never reaches the context register. */
        movq    DEFERCALL_A(%rax), %rdi
        movq    DEFERCALL_B(%rax), %rsi
        movq    DEFERCALL_FN(%rax), %rax
        movq    (%rax), %rcx
        jmp     *%rcx
#else
        JUMP_TO_CALL
#endif
        .size   gogocallfn, .-gogocallfn

/* goexit: where a goroutine's function returns to. */
        .globl  goexit
        .type   goexit, @function
goexit:
        call    fv_goexit1              /* never returns */
        .size   goexit, .-goexit

/* int deferproc(word siz, const FuncVal *fn, word a, word b): records the call with
 * the caller's state (fv_deferproc1) and returns 0; returns 1 again when a recovered
 * panic resumes the caller here. */
        .globl  deferproc
        .type   deferproc, @function
deferproc:
        subq    $(GOBUF_SIZE + 40), %rsp        /* Gobuf, 4 argument words, alignment */
        movq    GOBUF_SIZE+40(%rsp), %rax
        movq    %rax, GOBUF_PC(%rsp)
        leaq    GOBUF_SIZE+48(%rsp), %rax
        movq    %rax, GOBUF_SP(%rsp)
        movq    %rbx, GOBUF_REGS+0(%rsp)
        movq    %rbp, GOBUF_REGS+8(%rsp)
        movq    %r12, GOBUF_REGS+16(%rsp)
        movq    %r13, GOBUF_REGS+24(%rsp)
        movq    %r14, GOBUF_REGS+32(%rsp)
        movq    %r15, GOBUF_REGS+40(%rsp)
        movq    %rdi, GOBUF_SIZE+0(%rsp)
        movq    %rsi, GOBUF_SIZE+8(%rsp)
        movq    %rdx, GOBUF_SIZE+16(%rsp)
        movq    %rcx, GOBUF_SIZE+24(%rsp)
        movq    %rsp, %rdi
        leaq    GOBUF_SIZE(%rsp), %rsi
        call    fv_deferproc1
        addq    $(GOBUF_SIZE + 40), %rsp
        xorl    %eax, %eax
        ret
        .size   deferproc, .-deferproc

/* void deferreturn(void): runs the next call the caller deferred, if any, through
 * jmpdefer, so that it returns to the caller's `call deferreturn` once more. */
        .globl  deferreturn
        .type   deferreturn, @function
deferreturn:
        leaq    8(%rsp), %rdi           /* the caller's stack pointer */
        subq    $8, %rsp
        call    fv_defer_pop
        addq    $8, %rsp
        testq   %rax, %rax
        jnz     jmpdefer
        ret
        .size   deferreturn, .-deferreturn

/* jmpdefer: RAX = the DeferCall; the stack is the deferring function's, with the
 * return address of its `call deferreturn` on top. That address is moved back over
 * the 5-byte call (as Go's jmpdefer did, SUBQ $5, (SP)), and the deferred func value
 * is entered through word 0. */
        .type   jmpdefer, @function
jmpdefer:
        subq    $5, (%rsp)
#ifdef FV_BREAK_JMPDEFER_TO_FUNCVAL
        /* Broken: jumps to the func value itself, not to its word 0. */
        movq    DEFERCALL_A(%rax), %rdi
        movq    DEFERCALL_B(%rax), %rsi
#ifdef FV_PROFILE_GO_STEP1
        movq    DEFERCALL_FN(%rax), %rax
        jmp     *%rax
#else
        movq    DEFERCALL_FN(%rax), %rdx
        jmp     *%rdx
#endif
#else
        JUMP_TO_CALL
#endif
        .size   jmpdefer, .-jmpdefer

/* void reflectcall(const FuncVal *fn, word *frame, word size): the frame's argument
 * words (size bytes, at most two) become the call's arguments; the result is stored
 * in the word after them. */
        .globl  reflectcall
        .type   reflectcall, @function
reflectcall:
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        movq    %rsi, %r12              /* frame */
        movq    %rdx, %r13              /* size */
        movq    %rdi, %rax              /* fn */
        xorl    %edi, %edi
        xorl    %esi, %esi
        cmpq    $8, %r13
        jb      1f
        movq    0(%r12), %rdi
        cmpq    $16, %r13
        jb      1f
        movq    8(%r12), %rsi
1:
#ifdef FV_PROFILE_GO_STEP1
        movq    (%rax), %rbx
        call    *%rbx
#elif defined(FV_BREAK_REFLECTCALL_STALE_CTX)
        /* Broken: calls word 0 of the func value, but RDX keeps what it held. */
        movq    (%rax), %rcx
        call    *%rcx
#else
        movq    %rax, %rdx
        movq    (%rdx), %rcx
        call    *%rcx
#endif
        movq    %rax, (%r12,%r13)
        popq    %r13
        popq    %r12
        popq    %rbx
        ret
        .size   reflectcall, .-reflectcall

/* The closure trampoline template (closure.c): the captured word becomes the second
 * argument, and the plain C function is called, as the code the 2013 runtime.closure
 * wrote called the closure's body (closure_amd64.c: MOVQ $fn, AX; CALL AX). */
        .section .rodata
        .globl  fv_trampoline, fv_trampoline_end
        .type   fv_trampoline, @object
fv_trampoline:
        subq    $8, %rsp                /* 48 83 ec 08: the callee's stack alignment */
        movabsq $0, %rsi                /* 48 be imm64: the captured word */
        movabsq $0, %rax                /* 48 b8 imm64: the code */
        call    *%rax
        addq    $8, %rsp
        ret
fv_trampoline_end:
        .size   fv_trampoline, .-fv_trampoline
        .balign 8
        .globl  fv_trampoline_captured, fv_trampoline_code, fv_trampoline_thumb
fv_trampoline_captured: .quad 6
fv_trampoline_code:     .quad 16
fv_trampoline_thumb:    .quad 0

/* The ABI profile this program was built for, found by `fvemu check --profile auto`. */
#ifdef FV_PROFILE_GO_STEP1
        .globl  fvrt_profile_go_step1
        .type   fvrt_profile_go_step1, @object
fvrt_profile_go_step1: .asciz "go-step1"
        .size   fvrt_profile_go_step1, .-fvrt_profile_go_step1
#else
        .globl  fvrt_profile_go
        .type   fvrt_profile_go, @object
fvrt_profile_go: .asciz "go"
        .size   fvrt_profile_go, .-fvrt_profile_go
#endif

        .text
/* Process entry: argc at 0(%rsp), argv after it. */
        .globl  _start
        .type   _start, @function
_start:
        xorl    %ebp, %ebp
        movq    (%rsp), %rdi
        leaq    8(%rsp), %rsi
        andq    $-16, %rsp
        call    fv_runtime_start
        hlt
        .size   _start, .-_start

.macro  SYSCALL_STUB name, number
        .globl  \name
        .type   \name, @function
\name:
        movl    $\number, %eax
        movq    %rcx, %r10
        syscall
        ret
        .size   \name, .-\name
.endm

        SYSCALL_STUB sys_write, 1
        SYSCALL_STUB sys_exit_group, 231
        SYSCALL_STUB sys_munmap, 11
        SYSCALL_STUB sys_clock_gettime, 228
        SYSCALL_STUB sys_nanosleep, 35

/* void *sys_mmap(void *addr, size_t len, int prot, int flags): fd -1, offset 0. */
        .globl  sys_mmap
        .type   sys_mmap, @function
sys_mmap:
        movl    $9, %eax
        movq    %rcx, %r10
        movq    $-1, %r8
        xorl    %r9d, %r9d
        syscall
        ret
        .size   sys_mmap, .-sys_mmap

/* x86 fetches instructions coherently with stores: nothing to flush. */
        .globl  fv_flush_code
        .type   fv_flush_code, @function
fv_flush_code:
        ret
        .size   fv_flush_code, .-fv_flush_code

        .section .note.GNU-stack, "", @progbits
