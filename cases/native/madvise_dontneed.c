//! exit: 0
//! stdout: discarded pages read back as zeros: yes
//! stdout: pages around them keep their bytes: yes
//! stdout: discarded pages take new writes: yes
//! stdout: madvise ok

/*
 * madvise(MADV_DONTNEED) on private anonymous memory, as glibc's heap trimming and Go's
 * scavenger use it (mm/madvise.c): the pages are dropped and read back as zeros on the
 * next touch, the pages around them are untouched, and the memory stays mapped and
 * writable.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define PAGE 4096

static int all(const unsigned char* p, size_t n, unsigned char v) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != v) return 0;
  return 1;
}

int main(void) {
  unsigned char* m = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return 2;
  memset(m, 0xab, 8 * PAGE);
  if (madvise(m + 2 * PAGE, 3 * PAGE, MADV_DONTNEED) != 0) return 3;
  printf("discarded pages read back as zeros: %s\n", all(m + 2 * PAGE, 3 * PAGE, 0) ? "yes" : "no");
  printf("pages around them keep their bytes: %s\n",
         all(m, 2 * PAGE, 0xab) && all(m + 5 * PAGE, 3 * PAGE, 0xab) ? "yes" : "no");
  memset(m + 3 * PAGE, 0x5c, PAGE);
  printf("discarded pages take new writes: %s\n", all(m + 3 * PAGE, PAGE, 0x5c) ? "yes" : "no");
  puts("madvise ok");
  return 0;
}
