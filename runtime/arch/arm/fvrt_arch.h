/*
 * arm: the entry stub of a func-value body (fvrt.h FV_FUNC). The stub makes the func
 * value the body's first C argument and the two argument words its second and third.
 * go: callers pass the arguments in R0 and R1, as C does, and the func value in R7,
 * the context register (cmd/compile's REGCTXT); the stub reads it first. go-step1:
 * the func value comes in R0 (the code word in R1), the arguments in R2 and R3.
 * The stub is assembled in the mode the file is compiled for (-mthumb or -marm), so
 * that it and its body are the same kind of code.
 */
#ifdef FV_PROFILE_GO_STEP1
#define FV_ENTRY_MOVES "mov r1, r2\n mov r2, r3\n"
#else
#define FV_ENTRY_MOVES "mov r2, r1\n mov r1, r0\n mov r0, r7\n"
#endif
#ifdef __thumb__
#define FV_ENTRY_MODE ".thumb\n .thumb_func\n"
#else
#define FV_ENTRY_MODE ".arm\n"
#endif
#define FV_ENTRY_STUB(name)                                                            \
  __asm__(".pushsection .text\n .syntax unified\n .balign 4\n .globl " #name           \
          "\n .type " #name ", %function\n" FV_ENTRY_MODE #name ":\n" FV_ENTRY_MOVES   \
          " b " #name "_body\n .size " #name ", .-" #name "\n .popsection\n");
