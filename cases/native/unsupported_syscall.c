//! exit: 0
//! stdout: io_setup: ENOSYS
//! stdout: syscall 999: ENOSYS
//! stdout: unsupported ok

/*
 * An emulator meets syscalls it does not implement. Linux's answer for a number it
 * does not know is -ENOSYS, and a program must be able to carry on (glibc probes
 * optional syscalls this way). io_setup (Linux AIO) is a real syscall on every target
 * that neither fvemu nor qemu-user implements; 999 is a number no target has. Each is
 * called twice: fvemu reports each one on stderr once, by name where it has one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int expect_enosys(const char* what, long r) {
  const int ok = r == -1 && errno == ENOSYS;
  printf("%s: %s\n", what, ok ? "ENOSYS" : strerror(errno));
  return ok;
}

int main(void) {
  unsigned long ctx = 0;
  int ok = 1;
  for (int i = 0; i < 2; i++) {
    ok &= expect_enosys("io_setup", syscall(SYS_io_setup, 1, &ctx));
    ok &= expect_enosys("syscall 999", syscall(999));
  }
  if (!ok) return 1;
  puts("unsupported ok");
  return 0;
}
