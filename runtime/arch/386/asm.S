/*
 * fvrt for 386: the func-value call primitive, the defer, goroutine and reflectcall
 * entry points that need the machine's own registers, the closure trampoline, the
 * process entry and the syscall stubs (Linux i386 numbers, int $0x80,
 * arch/x86/entry/syscalls/syscall_32.tbl).
 *
 * Calls are cdecl (fvrt-cc: -march=i686 -maccumulate-outgoing-args): the two argument
 * words of a func-value call are at 4(%esp) and 8(%esp) at entry, the result in EAX,
 * and every call is made with ESP 16-byte aligned (ESP = 12 mod 16 at entry).
 *
 * Profiles (runtime/README.md): go puts the func value in EDX and calls through word
 * 0 of it; go-step1 (FV_PROFILE_GO_STEP1) puts it in EAX and the code word in EBX.
 * FV_BREAK_* builds the broken variants that cases/bad/runtime must see reported.
 */
#include "internal.h"

        .text

/* word fv_call(const FuncVal *fn, word a, word b) */
        .globl  fv_call
        .type   fv_call, @function
fv_call:
#ifdef FV_PROFILE_GO_STEP1
        pushl   %ebx                    /* callee-saved in C */
        subl    $8, %esp                /* 12 bytes below entry: the call is aligned */
        movl    20(%esp), %ecx          /* a */
        movl    %ecx, 0(%esp)
        movl    24(%esp), %ecx          /* b */
        movl    %ecx, 4(%esp)
        movl    16(%esp), %eax          /* fn */
        movl    (%eax), %ebx
        call    *%ebx
        addl    $8, %esp
        popl    %ebx
#else
        subl    $12, %esp               /* the callee's a and b, alignment */
        movl    20(%esp), %eax          /* a */
        movl    %eax, 0(%esp)
        movl    24(%esp), %eax          /* b */
        movl    %eax, 4(%esp)
        movl    16(%esp), %edx          /* fn */
        movl    (%edx), %ecx
        call    *%ecx
        addl    $12, %esp
#endif
        ret
        .size   fv_call, .-fv_call

/* Stores the arguments of the call in DeferCall *(%eax) at 4(%esp) and 8(%esp), above
 * the return address at 0(%esp), and jumps through word 0 of its func value: the tail
 * of jmpdefer and gogocallfn. */
.macro  JUMP_TO_CALL
        movl    DEFERCALL_A(%eax), %ecx
        movl    %ecx, 4(%esp)
        movl    DEFERCALL_B(%eax), %ecx
        movl    %ecx, 8(%esp)
#ifdef FV_PROFILE_GO_STEP1
        movl    DEFERCALL_FN(%eax), %eax
        movl    (%eax), %ecx            /* not EBX: the deferring frame keeps it */
        jmp     *%ecx
#else
        movl    DEFERCALL_FN(%eax), %edx
        movl    (%edx), %ecx
        jmp     *%ecx
#endif
.endm

/* int gosave(Gobuf *b): 0 now, 1 when gogo(b) resumes here. */
        .globl  gosave
        .type   gosave, @function
gosave:
        movl    4(%esp), %ecx
        movl    (%esp), %eax
        movl    %eax, GOBUF_PC(%ecx)
        leal    4(%esp), %eax
        movl    %eax, GOBUF_SP(%ecx)
        movl    %ebx, GOBUF_REGS+0(%ecx)
        movl    %esi, GOBUF_REGS+4(%ecx)
        movl    %edi, GOBUF_REGS+8(%ecx)
        movl    %ebp, GOBUF_REGS+12(%ecx)
        xorl    %eax, %eax
        ret
        .size   gosave, .-gosave

/* void gogo(const Gobuf *b) */
        .globl  gogo
        .type   gogo, @function
gogo:
        movl    4(%esp), %ecx
        movl    GOBUF_REGS+0(%ecx), %ebx
        movl    GOBUF_REGS+4(%ecx), %esi
        movl    GOBUF_REGS+8(%ecx), %edi
        movl    GOBUF_REGS+12(%ecx), %ebp
        movl    GOBUF_SP(%ecx), %esp
        movl    GOBUF_PC(%ecx), %ecx
        movl    $1, %eax
        jmp     *%ecx
        .size   gogo, .-gogo

/* void gogocallfn(const Gobuf *b, const DeferCall *call): a new goroutine's first
 * instruction. Its stack is b->sp, it returns to b->pc (goexit), and it is entered
 * through word 0 of its func value with the func value in the context register. The
 * entry frame is 20 bytes below b->sp (16-aligned): the return address, a and b, so
 * that the function sees ESP = 12 mod 16, as after an aligned call. */
        .globl  gogocallfn
        .type   gogocallfn, @function
gogocallfn:
        movl    4(%esp), %ecx           /* b */
        movl    8(%esp), %eax           /* call */
        movl    GOBUF_SP(%ecx), %esp
        subl    $20, %esp
        movl    GOBUF_PC(%ecx), %ecx
        movl    %ecx, 0(%esp)
#ifdef FV_BREAK_GOGOCALLFN_WITHOUT_CTX
        /* Broken: the code word is taken from the func value, but the func value
         * never reaches the context register. */
        movl    DEFERCALL_A(%eax), %ecx
        movl    %ecx, 4(%esp)
        movl    DEFERCALL_B(%eax), %ecx
        movl    %ecx, 8(%esp)
        movl    DEFERCALL_FN(%eax), %eax
        movl    (%eax), %ecx
        jmp     *%ecx
#else
        JUMP_TO_CALL
#endif
        .size   gogocallfn, .-gogocallfn

/* goexit: where a goroutine's function returns to. Its `ret` leaves ESP 16 bytes
 * below the stack top, so the call is aligned as it is. */
        .globl  goexit
        .type   goexit, @function
goexit:
        call    fv_goexit1              /* never returns */
        .size   goexit, .-goexit

/* int deferproc(word siz, const FuncVal *fn, word a, word b): records the call with
 * the caller's state (fv_deferproc1) and returns 0; returns 1 again when a recovered
 * panic resumes the caller here. The frame: fv_deferproc1's two argument words, the
 * Gobuf at 16(%esp), 60 bytes in all, so that the call is aligned. The caller's four
 * argument words are where they were passed, at 64(%esp). */
#define DEFERPROC_FRAME 60
#define DEFERPROC_GOBUF 16
        .globl  deferproc
        .type   deferproc, @function
deferproc:
        subl    $DEFERPROC_FRAME, %esp
        movl    DEFERPROC_FRAME(%esp), %eax                     /* the return address */
        movl    %eax, DEFERPROC_GOBUF+GOBUF_PC(%esp)
        leal    DEFERPROC_FRAME+4(%esp), %eax                   /* the caller's ESP */
        movl    %eax, DEFERPROC_GOBUF+GOBUF_SP(%esp)
        movl    %ebx, DEFERPROC_GOBUF+GOBUF_REGS+0(%esp)
        movl    %esi, DEFERPROC_GOBUF+GOBUF_REGS+4(%esp)
        movl    %edi, DEFERPROC_GOBUF+GOBUF_REGS+8(%esp)
        movl    %ebp, DEFERPROC_GOBUF+GOBUF_REGS+12(%esp)
        leal    DEFERPROC_GOBUF(%esp), %ecx
        movl    %ecx, 0(%esp)
        movl    %eax, 4(%esp)                                   /* args: siz, fn, a, b */
        call    fv_deferproc1
        addl    $DEFERPROC_FRAME, %esp
        xorl    %eax, %eax
        ret
        .size   deferproc, .-deferproc

/* void deferreturn(void): runs the next call the caller deferred, if any, through
 * jmpdefer, so that it returns to the caller's `call deferreturn` once more. */
        .globl  deferreturn
        .type   deferreturn, @function
deferreturn:
        leal    4(%esp), %eax           /* the caller's stack pointer */
        subl    $12, %esp
        movl    %eax, 0(%esp)
        call    fv_defer_pop
        addl    $12, %esp
        testl   %eax, %eax
        jnz     jmpdefer
        ret
        .size   deferreturn, .-deferreturn

/* jmpdefer: EAX = the DeferCall; the stack is the deferring function's, with the
 * return address of its `call deferreturn` on top. That address is moved back over
 * the 5-byte call (as Go's jmpdefer did, SUBL $5, (SP)); the call's a and b go into
 * the deferring function's outgoing argument area above it (it called deferproc with
 * four words there, and -maccumulate-outgoing-args keeps the area), and the deferred
 * func value is entered through word 0. */
        .type   jmpdefer, @function
jmpdefer:
        subl    $5, (%esp)
#ifdef FV_BREAK_JMPDEFER_TO_FUNCVAL
        /* Broken: jumps to the func value itself, not to its word 0. */
        movl    DEFERCALL_A(%eax), %ecx
        movl    %ecx, 4(%esp)
        movl    DEFERCALL_B(%eax), %ecx
        movl    %ecx, 8(%esp)
#ifdef FV_PROFILE_GO_STEP1
        movl    DEFERCALL_FN(%eax), %eax
        jmp     *%eax
#else
        movl    DEFERCALL_FN(%eax), %edx
        jmp     *%edx
#endif
#else
        JUMP_TO_CALL
#endif
        .size   jmpdefer, .-jmpdefer

/* void reflectcall(const FuncVal *fn, word *frame, word size): the frame's argument
 * words (size bytes, at most two) become the call's arguments; the result is stored
 * in the word after them. Three saved registers and 16 bytes of outgoing arguments
 * keep the call aligned; the arguments are at 32(%esp) after that. */
        .globl  reflectcall
        .type   reflectcall, @function
reflectcall:
        pushl   %ebx
        pushl   %esi
        pushl   %edi
        subl    $16, %esp
        movl    36(%esp), %esi          /* frame */
        movl    40(%esp), %edi          /* size */
        movl    32(%esp), %eax          /* fn */
        movl    $0, 0(%esp)
        movl    $0, 4(%esp)
        cmpl    $4, %edi
        jb      1f
        movl    0(%esi), %ecx
        movl    %ecx, 0(%esp)
        cmpl    $8, %edi
        jb      1f
        movl    4(%esi), %ecx
        movl    %ecx, 4(%esp)
1:
#ifdef FV_PROFILE_GO_STEP1
        movl    (%eax), %ebx
        call    *%ebx
#elif defined(FV_BREAK_REFLECTCALL_STALE_CTX)
        /* Broken: calls word 0 of the func value, but EDX keeps what it held. */
        movl    (%eax), %ecx
        call    *%ecx
#else
        movl    %eax, %edx
        movl    (%edx), %ecx
        call    *%ecx
#endif
        movl    %eax, (%esi,%edi)
        addl    $16, %esp
        popl    %edi
        popl    %esi
        popl    %ebx
        ret
        .size   reflectcall, .-reflectcall

/* The closure trampoline template (closure.c): the captured word becomes the second
 * argument, pushed with a, and the plain C function is called, as the code the 2013
 * runtime.closure wrote called the closure's body (closure_386.c). */
        .section .rodata
        .globl  fv_trampoline, fv_trampoline_end
        .type   fv_trampoline, @object
fv_trampoline:
        .byte   0x68                    /* pushl imm32 (gas would take the imm8 form of $0) */
        .long   0                       /* the captured word */
        pushl   8(%esp)                 /* ff 74 24 08: a */
        movl    $0, %ecx                /* b9 imm32: the code */
        call    *%ecx
        addl    $8, %esp
        ret
fv_trampoline_end:
        .size   fv_trampoline, .-fv_trampoline
        .balign 4
        .globl  fv_trampoline_captured, fv_trampoline_code, fv_trampoline_thumb
fv_trampoline_captured: .long 1
fv_trampoline_code:     .long 10
fv_trampoline_thumb:    .long 0

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
/* Process entry: argc at 0(%esp), argv after it. */
        .globl  _start
        .type   _start, @function
_start:
        xorl    %ebp, %ebp
        movl    (%esp), %eax
        leal    4(%esp), %ecx
        andl    $-16, %esp
        subl    $16, %esp
        movl    %eax, 0(%esp)
        movl    %ecx, 4(%esp)
        call    fv_runtime_start
        hlt
        .size   _start, .-_start

/* Up to three argument words in EBX, ECX, EDX; EBX is callee-saved. A stub with fewer
 * arguments loads the caller's stack words above them too: the kernel ignores them. */
.macro  SYSCALL_STUB name, number
        .globl  \name
        .type   \name, @function
\name:
        pushl   %ebx
        movl    8(%esp), %ebx
        movl    12(%esp), %ecx
        movl    16(%esp), %edx
        movl    $\number, %eax
        int     $0x80
        popl    %ebx
        ret
        .size   \name, .-\name
.endm

        SYSCALL_STUB sys_write, 4
        SYSCALL_STUB sys_exit_group, 252
        SYSCALL_STUB sys_munmap, 91
        SYSCALL_STUB sys_clock_gettime, 265
        SYSCALL_STUB sys_nanosleep, 162

/* void *sys_mmap(void *addr, size_t len, int prot, int flags): mmap2, fd -1, page
 * offset 0. All four callee-saved registers carry arguments. */
        .globl  sys_mmap
        .type   sys_mmap, @function
sys_mmap:
        pushl   %ebx
        pushl   %esi
        pushl   %edi
        pushl   %ebp
        movl    20(%esp), %ebx
        movl    24(%esp), %ecx
        movl    28(%esp), %edx
        movl    32(%esp), %esi
        movl    $-1, %edi
        xorl    %ebp, %ebp
        movl    $192, %eax
        int     $0x80
        popl    %ebp
        popl    %edi
        popl    %esi
        popl    %ebx
        ret
        .size   sys_mmap, .-sys_mmap

/* x86 fetches instructions coherently with stores: nothing to flush. */
        .globl  fv_flush_code
        .type   fv_flush_code, @function
fv_flush_code:
        ret
        .size   fv_flush_code, .-fv_flush_code

        .section .note.GNU-stack, "", @progbits
