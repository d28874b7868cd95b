/*
 * amd64: the entry stub of a func-value body (fvrt.h FV_FUNC). Callers pass the two
 * argument words in RDI and RSI, as C does; the stub makes the func value the body's
 * first C argument. go: it comes in RDX, the context register (cmd/compile's REGCTXT),
 * and the stub reads it first. go-step1: it comes in RAX.
 */
#ifdef FV_PROFILE_GO_STEP1
#define FV_ENTRY_MOVES "movq %rsi, %rdx\n movq %rdi, %rsi\n movq %rax, %rdi\n"
#else
#define FV_ENTRY_MOVES "movq %rdx, %rax\n movq %rsi, %rdx\n movq %rdi, %rsi\n movq %rax, %rdi\n"
#endif
#define FV_ENTRY_STUB(name)                                                           \
  __asm__(".pushsection .text\n .globl " #name "\n .type " #name ", @function\n" #name \
          ":\n" FV_ENTRY_MOVES " jmp " #name "_body\n .size " #name ", .-" #name       \
          "\n .popsection\n");
