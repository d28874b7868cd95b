//! args: 0
//! exit: 136
//! stdout: dividing 42 by 0

/*
 * An integer division by zero: on x86 `idiv` raises #DE, which Linux turns into
 * SIGFPE (FPE_INTDIV); with no handler the process dies, status 128+8. (ARM's sdiv
 * returns 0 instead, so this case is x86-only.) The divisor comes from argv so the
 * compiler cannot see it coming.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc != 2) return 64;
  volatile int divisor = atoi(argv[1]);
  printf("dividing 42 by %d\n", divisor);
  fflush(stdout);
  printf("result %d\n", 42 / divisor);
  return 0;
}
