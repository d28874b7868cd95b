//! args: .
//! rw: .
//! exit: 0
//! stdout: wrote 8 bytes
//! stdout: read back: written
//! stdout: writefile ok

/*
 * Writing files: open(2) with O_CREAT|O_TRUNC in the directory given as argv[1],
 * write(2), close, reopen read-only and read it back, then unlink(2) it. Under fvemu
 * this needs the directory to be a --rw one: under --ro the open fails with EROFS and
 * outside every root with EACCES (the end-to-end tests check both). The file name
 * carries the target so parallel runs for several targets do not collide.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__)
#define TARGET "amd64"
#elif defined(__i386__)
#define TARGET "386"
#elif defined(__thumb__)
#define TARGET "arm-thumb"
#else
#define TARGET "arm"
#endif

int main(int argc, char** argv) {
  if (argc != 2) return 64;
  char path[4096];
  snprintf(path, sizeof path, "%s/fvemu-writefile-" TARGET ".tmp", argv[1]);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    printf("open failed: %s\n", strerror(errno));
    return 2;
  }
  const char text[] = "written\n";
  printf("wrote %zd bytes\n", write(fd, text, sizeof text - 1));
  close(fd);
  char back[32] = {0};
  fd = open(path, O_RDONLY);
  if (fd < 0 || read(fd, back, sizeof back - 1) != sizeof text - 1) return 3;
  close(fd);
  printf("read back: %s", back);
  if (unlink(path) != 0) {
    printf("unlink failed: %s\n", strerror(errno));
    return 4;
  }
  if (access(path, F_OK) == 0 || errno != ENOENT) return 5;
  puts("writefile ok");
  return 0;
}
