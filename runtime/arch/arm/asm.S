/*
 * fvrt for 32-bit ARM (ARMv7-A, EABI): the func-value call primitive, the defer,
 * goroutine and reflectcall entry points that need the machine's own registers, the
 * closure trampoline, the process entry and the syscall stubs (Linux EABI numbers,
 * arch/arm/tools/syscall.tbl: number in R7, svc #0).
 *
 * One source for both instruction sets: fvrt-cc builds it with -mthumb (Thumb-2, the
 * armhf default) or -marm (A32); __thumb__ says which. Every function is then Thumb
 * (.thumb_func: its symbol carries bit 0) or ARM code, and every transfer to a code
 * address that may be either goes through bx, blx or an ldr/add into pc, which
 * interwork on ARMv7.
 *
 * Profiles (runtime/README.md): go puts the func value in R7 and calls through word 0
 * of it; go-step1 (FV_PROFILE_GO_STEP1) puts it in R0 and the code word in R1, the
 * arguments in R2 and R3, and in A32 calls the way the 2013 seed did, `add lr, pc, #0`
 * then `add pc, r1, #0`. R7 is reserved (fvrt-cc passes -ffixed-r7): compiled C never
 * touches it, so the code here may clobber it and never saves it.
 * FV_BREAK_* builds the broken variants that cases/bad/runtime must see reported.
 */
#include "internal.h"

        .syntax unified
#ifdef __thumb__
        .thumb
#define FV_THUMB_FUNC .thumb_func
#else
        .arm
#define FV_THUMB_FUNC
#endif

        .text

/* Calls the func value in R0 with its code word in R1, as the go-step1 profile does:
 * the 2013 seed's sequence in A32 (pc reads as the `add lr` + 8, so LR is the
 * instruction after the `add pc`); Thumb has no such pair and uses blx. */
.macro  STEP1_CALL_R1
#ifdef __thumb__
        blx     r1
#else
        add     lr, pc, #0
        add     pc, r1, #0
#endif
.endm

/* word fv_call(const FuncVal *fn, word a, word b) */
        .globl  fv_call
        .type   fv_call, %function
        .balign 4
        FV_THUMB_FUNC
fv_call:
        push    {r4, lr}                /* r4: keeps the call 8-byte aligned */
#ifdef FV_PROFILE_GO_STEP1
        mov     r3, r2
        mov     r2, r1
        ldr     r1, [r0]
        STEP1_CALL_R1
#else
        mov     r7, r0
        mov     r0, r1
        mov     r1, r2
        ldr     r2, [r7]
        blx     r2
#endif
        pop     {r4, pc}
        .size   fv_call, .-fv_call

/* Loads the call in DeferCall *r0 and jumps through word 0 of its func value: the
 * tail of jmpdefer and gogocallfn. LR is already the return address. */
.macro  JUMP_TO_CALL
#ifdef FV_PROFILE_GO_STEP1
        ldr     r2, [r0, #DEFERCALL_A]
        ldr     r3, [r0, #DEFERCALL_B]
        ldr     r0, [r0, #DEFERCALL_FN]
        ldr     r1, [r0]
        bx      r1
#else
        ldr     r7, [r0, #DEFERCALL_FN]
        ldr     r1, [r0, #DEFERCALL_B]
        ldr     r0, [r0, #DEFERCALL_A]
        ldr     r2, [r7]
        bx      r2
#endif
.endm

/* int gosave(Gobuf *b): 0 now, 1 when gogo(b) resumes here. */
        .globl  gosave
        .type   gosave, %function
        .balign 4
        FV_THUMB_FUNC
gosave:
        str     lr, [r0, #GOBUF_PC]
        mov     r1, sp
        str     r1, [r0, #GOBUF_SP]
        add     r1, r0, #GOBUF_REGS
        stm     r1, {r4-r11}
        mov     r0, #0
        bx      lr
        .size   gosave, .-gosave

/* void gogo(const Gobuf *b) */
        .globl  gogo
        .type   gogo, %function
        .balign 4
        FV_THUMB_FUNC
gogo:
        add     r1, r0, #GOBUF_REGS
        ldm     r1, {r4-r11}
        ldr     r2, [r0, #GOBUF_PC]
        ldr     r1, [r0, #GOBUF_SP]
        mov     sp, r1
        mov     r0, #1
        bx      r2
        .size   gogo, .-gogo

/* void gogocallfn(const Gobuf *b, const DeferCall *call): a new goroutine's first
 * instruction. Its stack is b->sp, it returns to b->pc (goexit, with bit 0 set when
 * goexit is Thumb), and it is entered through word 0 of its func value with the func
 * value in the context register. */
        .globl  gogocallfn
        .type   gogocallfn, %function
        .balign 4
        FV_THUMB_FUNC
gogocallfn:
        ldr     r2, [r0, #GOBUF_SP]
        ldr     lr, [r0, #GOBUF_PC]
        mov     sp, r2
        mov     r0, r1
#if defined(FV_BREAK_GOGOCALLFN_WITHOUT_CTX) && !defined(FV_PROFILE_GO_STEP1)
        /* Broken: the code word is taken from the func value (through R3), but the
         * func value never reaches the context register. (go-step1 has no context
         * register apart from R0, which the call needs anyway: unchanged.) */
        ldr     r3, [r0, #DEFERCALL_FN]
        ldr     r1, [r0, #DEFERCALL_B]
        ldr     r0, [r0, #DEFERCALL_A]
        ldr     r2, [r3]
        bx      r2
#else
        JUMP_TO_CALL
#endif
        .size   gogocallfn, .-gogocallfn

/* goexit: where a goroutine's function returns to. */
        .globl  goexit
        .type   goexit, %function
        .balign 4
        FV_THUMB_FUNC
goexit:
        bl      fv_goexit1              /* never returns */
        .size   goexit, .-goexit

/* int deferproc(word siz, const FuncVal *fn, word a, word b): records the call with
 * the caller's state (fv_deferproc1) and returns 0; returns 1 again when a recovered
 * panic resumes the caller here. The Gobuf's pc slot doubles as the saved LR. */
        .globl  deferproc
        .type   deferproc, %function
        .balign 4
        FV_THUMB_FUNC
deferproc:
        sub     sp, sp, #(GOBUF_SIZE + 16)      /* Gobuf, 4 argument words: 56, 8-aligned */
        str     lr, [sp, #GOBUF_PC]
        add     r12, sp, #(GOBUF_SIZE + 16)     /* the caller's stack pointer */
        str     r12, [sp, #GOBUF_SP]
        add     r12, sp, #GOBUF_REGS
        stm     r12, {r4-r11}
        add     r12, sp, #GOBUF_SIZE
        stm     r12, {r0-r3}
        mov     r0, sp
        mov     r1, r12
        bl      fv_deferproc1
        ldr     lr, [sp, #GOBUF_PC]
        add     sp, sp, #(GOBUF_SIZE + 16)
        mov     r0, #0
        bx      lr
        .size   deferproc, .-deferproc

/* void deferreturn(void): runs the next call the caller deferred, if any, through
 * jmpdefer, so that it returns to the caller's `bl deferreturn` once more. */
        .globl  deferreturn
        .type   deferreturn, %function
        .balign 4
        FV_THUMB_FUNC
deferreturn:
        mov     r0, sp                  /* the caller's stack pointer */
        push    {r4, lr}                /* r4: keeps the call 8-byte aligned */
        bl      fv_defer_pop
        pop     {r4, lr}
        cmp     r0, #0
        bne     jmpdefer
        bx      lr
        .size   deferreturn, .-deferreturn

/* jmpdefer: R0 = the DeferCall; SP is the deferring function's, LR the return address
 * of its `bl deferreturn`. LR is moved back over the 4-byte bl (BL is 4 bytes in A32
 * and Thumb-2; bit 0, the Thumb bit, stays), as Go's jmpdefer did (MOVW $-4(LR), LR),
 * and the deferred func value is entered through word 0. */
        .type   jmpdefer, %function
        .balign 4
        FV_THUMB_FUNC
jmpdefer:
        sub     lr, lr, #4
#ifdef FV_BREAK_JMPDEFER_TO_FUNCVAL
        /* Broken: jumps to the func value itself, not to its word 0. */
#ifdef FV_PROFILE_GO_STEP1
        ldr     r2, [r0, #DEFERCALL_A]
        ldr     r3, [r0, #DEFERCALL_B]
        ldr     r0, [r0, #DEFERCALL_FN]
        bx      r0
#else
        ldr     r7, [r0, #DEFERCALL_FN]
        ldr     r1, [r0, #DEFERCALL_B]
        ldr     r0, [r0, #DEFERCALL_A]
        bx      r7
#endif
#else
        JUMP_TO_CALL
#endif
        .size   jmpdefer, .-jmpdefer

/* void reflectcall(const FuncVal *fn, word *frame, word size): the frame's argument
 * words (size bytes, at most two) become the call's arguments; the result is stored
 * in the word after them. */
        .globl  reflectcall
        .type   reflectcall, %function
        .balign 4
        FV_THUMB_FUNC
reflectcall:
        push    {r4, r5, r6, lr}
        mov     r4, r1                  /* frame */
        mov     r5, r2                  /* size */
#ifdef FV_PROFILE_GO_STEP1
        /* fn stays in R0 */
        mov     r2, #0
        mov     r3, #0
        cmp     r5, #4
        blo     1f
        ldr     r2, [r4]
        cmp     r5, #8
        blo     1f
        ldr     r3, [r4, #4]
1:
        ldr     r1, [r0]
        STEP1_CALL_R1
#else
        mov     r6, r0                  /* fn */
        mov     r0, #0
        mov     r1, #0
        cmp     r5, #4
        blo     1f
        ldr     r0, [r4]
        cmp     r5, #8
        blo     1f
        ldr     r1, [r4, #4]
1:
#ifdef FV_BREAK_REFLECTCALL_STALE_CTX
        /* Broken: calls word 0 of the func value, but R7 keeps what it held. */
        ldr     r2, [r6]
        blx     r2
#else
        mov     r7, r6
        ldr     r2, [r7]
        blx     r2
#endif
#endif
        str     r0, [r4, r5]
        pop     {r4, r5, r6, pc}
        .size   reflectcall, .-reflectcall

/* The closure trampoline template (closure.c): the captured word becomes the second
 * argument, and the plain C function is called (blx interworks), as the code the 2013
 * runtime.closure wrote called the closure's body (closure_arm.c). It is A32 code
 * in A32 builds and Thumb code in Thumb builds (fv_trampoline_thumb). Its two words
 * are PC-relative literals inside it; closure.c copies it to a 4-byte aligned address
 * (a 16-aligned block + 4), as it is aligned here, so the loads read the copy's own
 * words. */
        .section .rodata
        .globl  fv_trampoline, fv_trampoline_end
        .type   fv_trampoline, %object
        .balign 4
fv_trampoline:
#ifdef FV_PROFILE_GO_STEP1
        mov     r0, r2                  /* a: go-step1 passes it in R2 */
#endif
        push    {r4, lr}                /* r4: keeps the stack 8-byte aligned */
        ldr     r1, .Ltramp_captured
        ldr     r12, .Ltramp_code
        blx     r12
        pop     {r4, pc}
        .balign 4
.Ltramp_captured:
        .word   0                       /* the captured word */
.Ltramp_code:
        .word   0                       /* the code */
fv_trampoline_end:
        .size   fv_trampoline, .-fv_trampoline
        .balign 4
        .globl  fv_trampoline_captured, fv_trampoline_code, fv_trampoline_thumb
fv_trampoline_captured: .word .Ltramp_captured - fv_trampoline
fv_trampoline_code:     .word .Ltramp_code - fv_trampoline
#ifdef __thumb__
fv_trampoline_thumb:    .word 1
#else
fv_trampoline_thumb:    .word 0
#endif

/* The ABI profile this program was built for, found by `fvemu check --profile auto`. */
#ifdef FV_PROFILE_GO_STEP1
        .globl  fvrt_profile_go_step1
        .type   fvrt_profile_go_step1, %object
fvrt_profile_go_step1: .asciz "go-step1"
        .size   fvrt_profile_go_step1, .-fvrt_profile_go_step1
#else
        .globl  fvrt_profile_go
        .type   fvrt_profile_go, %object
fvrt_profile_go: .asciz "go"
        .size   fvrt_profile_go, .-fvrt_profile_go
#endif

        .text
/* Process entry: argc at [sp], argv after it. */
        .globl  _start
        .type   _start, %function
        .balign 4
        FV_THUMB_FUNC
_start:
        mov     fp, #0
        mov     lr, #0
        ldr     r0, [sp]
        add     r1, sp, #4
        mov     r2, sp
        bic     r2, r2, #7              /* Thumb cannot bic into sp itself */
        mov     sp, r2
        bl      fv_runtime_start
        udf     #0
        .size   _start, .-_start

.macro  SYSCALL_STUB name, number
        .globl  \name
        .type   \name, %function
        .balign 4
        FV_THUMB_FUNC
\name:
        movw    r7, #\number
        svc     #0
        bx      lr
        .size   \name, .-\name
.endm

        SYSCALL_STUB sys_write, 4
        SYSCALL_STUB sys_exit_group, 248
        SYSCALL_STUB sys_munmap, 91
        SYSCALL_STUB sys_clock_gettime, 263
        SYSCALL_STUB sys_nanosleep, 162

/* void *sys_mmap(void *addr, size_t len, int prot, int flags): mmap2, fd -1, offset 0
 * (in pages). R4 and R5 are callee-saved in C. */
        .globl  sys_mmap
        .type   sys_mmap, %function
        .balign 4
        FV_THUMB_FUNC
sys_mmap:
        push    {r4, r5}
        mvn     r4, #0
        mov     r5, #0
        movw    r7, #192
        svc     #0
        pop     {r4, r5}
        bx      lr
        .size   sys_mmap, .-sys_mmap

/* void fv_flush_code(void *begin, void *end): ARM fetches instructions through a cache
 * that does not see data stores; the kernel's private cacheflush (__ARM_NR_cacheflush,
 * 0xf0002) cleans the data side and invalidates the instruction side, as Go's runtime
 * called it. */
        .globl  fv_flush_code
        .type   fv_flush_code, %function
        .balign 4
        FV_THUMB_FUNC
fv_flush_code:
        mov     r2, #0
        movw    r7, #0x0002
        movt    r7, #0x000f
        svc     #0
        bx      lr
        .size   fv_flush_code, .-fv_flush_code

/* ARMv7-A has no divide instruction: gcc calls libgcc's __aeabi_uidiv, __aeabi_ldivmod
 * and the like, which call these on a zero divisor. libgcc's own (weak, _dvmd_lnx.o)
 * call raise(), which fvrt does not have; these do what that does, raise(SIGFPE), with
 * kill(getpid(), SIGFPE), and then return 0 as the quotient (run-time ABI for the ARM
 * architecture, 4.3.2). */
        .globl  __aeabi_idiv0, __aeabi_ldiv0
        .type   __aeabi_idiv0, %function
        .type   __aeabi_ldiv0, %function
        .balign 4
        FV_THUMB_FUNC
__aeabi_idiv0:
        FV_THUMB_FUNC
__aeabi_ldiv0:
        movw    r7, #20                 /* getpid */
        svc     #0
        mov     r1, #8                  /* SIGFPE */
        movw    r7, #37                 /* kill */
        svc     #0
        mov     r0, #0
        mov     r1, #0
        bx      lr
        .size   __aeabi_idiv0, .-__aeabi_idiv0
        .size   __aeabi_ldiv0, .-__aeabi_ldiv0

        .section .note.GNU-stack, "", %progbits
