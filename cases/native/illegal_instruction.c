//! exit: 132
//! stdout: about to execute an undefined instruction

/*
 * Executes an instruction every target defines as undefined (x86 `ud2`, ARM and Thumb
 * `udf`). Linux answers with SIGILL; with no handler the process dies, status 128+4.
 * Unicorn reports these as UC_ERR_INSN_INVALID, with no interrupt hook, so this is
 * the path that turns an emulator error into the guest's death by signal.
 */
#include <stdio.h>

int main(void) {
  puts("about to execute an undefined instruction");
  fflush(stdout);
#if defined(__i386__) || defined(__x86_64__)
  __asm__ volatile("ud2");
#elif defined(__thumb__)
  __asm__ volatile("udf #0");
#else
  __asm__ volatile(".inst 0xe7f000f0");  // udf #0 in ARM state
#endif
  return 0;
}
