//! exit: 0
//! stdout: read 0 bytes from stdin
//! stdout: stdin ok

/*
 * Copies standard input to standard output with read(2)/write(2) and reports how
 * much it read. The runners give every case an empty stdin (/dev/null), so a run
 * must see end-of-file at once; the end-to-end tests also feed it data, and keep it
 * blocked on a pipe nobody writes to prove that --timeout still ends the run.
 */
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char buf[4096];
  long total = 0;
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    if (write(1, buf, (size_t)n) != n) return 1;
    total += n;
  }
  if (n < 0) return 2;
  printf("read %ld bytes from stdin\n", total);
  puts("stdin ok");
  return 0;
}
