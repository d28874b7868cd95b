//! exit: 0
//! stdout: random ok
//! qemu: expectations-only

/*
 * The two sources of randomness a Linux process gets: the 16 AT_RANDOM bytes on the
 * initial stack and getrandom(2). The program prints both in hex (so the end-to-end
 * tests can compare seeds), then "random ok" if the two were not all zero. fvemu
 * makes both follow --seed, so runs repeat exactly; qemu-user passes the host's
 * randomness through, so this case is checked against its expectations only.
 */
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>

static int print_hex(const char* what, const unsigned char* p, size_t n) {
  int nonzero = 0;
  printf("%s=", what);
  for (size_t i = 0; i < n; i++) {
    printf("%02x", p[i]);
    nonzero |= p[i];
  }
  printf("\n");
  return nonzero;
}

int main(void) {
  unsigned char buf[16];
  const unsigned char* at_random = (const unsigned char*)getauxval(AT_RANDOM);
  if (!at_random || getrandom(buf, sizeof buf, 0) != (ssize_t)sizeof buf) return 1;
  const int a = print_hex("at_random", at_random, 16);
  const int b = print_hex("getrandom", buf, sizeof buf);
  if (!a || !b) return 2;
  puts("random ok");
  return 0;
}
