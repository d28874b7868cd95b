/*
 * 386: the entry stub of a func-value body (fvrt.h FV_FUNC). Callers pass the two
 * argument words on the stack, as cdecl does (4(%esp) and 8(%esp) at entry); the stub
 * pushes them again below the func value, which becomes the body's first C argument,
 * and calls the body (three words pushed: the call stays 16-byte aligned). go: the
 * func value comes in EDX, the context register (cmd/compile's REGCTXT), and the stub
 * reads it before writing any register. go-step1: it comes in EAX.
 */
#ifdef FV_PROFILE_GO_STEP1
#define FV_ENTRY_CTX "%eax"
#else
#define FV_ENTRY_CTX "%edx"
#endif
#define FV_ENTRY_STUB(name)                                                           \
  __asm__(".pushsection .text\n .globl " #name "\n .type " #name ", @function\n" #name \
          ":\n pushl 8(%esp)\n pushl 8(%esp)\n pushl " FV_ENTRY_CTX "\n call " #name  \
          "_body\n addl $12, %esp\n ret\n .size " #name ", .-" #name "\n .popsection\n");
