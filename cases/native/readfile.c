//! args: data/sample.txt
//! ro: data
//! exit: 0
//! stdout: st_size=107
//! stdout: regular=yes
//! stdout: read 107 bytes in 16 chunks
//! stdout: pread=quick
//! stdout: missing file: ENOENT
//! stdout: --- contents ---
//! stdout: The quick brown fox jumps over the lazy dog.
//! stdout: fvemu sample file, line two
//! stdout: numbers: 0123456789
//! stdout: the last line
//! stdout: --- end ---

/*
 * Reads a file given on the command line (a path relative to the working
 * directory) with the raw file syscalls rather than stdio: open(2) (openat
 * in modern glibc) read-only, fstat(2) for the size and file type, read(2)
 * in 7-byte chunks until it returns 0 at end of file, lseek(2) with
 * SEEK_CUR/SEEK_SET/SEEK_END, and pread(2), which reads at an explicit
 * offset without moving the file position. It also checks that opening a
 * missing file in the same directory fails with ENOENT, and prints the
 * file's contents. The emulator must pass real file descriptors, stat
 * results and errno values through to the guest: with glibc 2.36, fstat is
 * newfstatat on x86_64 but statx on i386 and ARM, lseek is _llseek on the
 * 32-bit arches, and pread64 takes a 64-bit offset (in an aligned register
 * pair on ARM EABI). If the file cannot be opened the program prints
 * "open failed: <reason>" and exits 2.
 */
#define _DEFAULT_SOURCE /* pread under -std=c11 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define CHUNK 7
#define MAXFILE 65536

static char buf[MAXFILE];
static int errors;

static void fail(const char *msg)
{
    printf("FAIL: %s\n", msg);
    errors++;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: readfile FILE\n");
        return 2;
    }

    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
        printf("open failed: %s\n", strerror(errno));
        return 2;
    }

    struct stat st;
    if (fstat(fd, &st) != 0) {
        printf("fstat failed: %s\n", strerror(errno));
        return 1;
    }
    printf("st_size=%lld\n", (long long)st.st_size);
    printf("regular=%s\n", S_ISREG(st.st_mode) ? "yes" : "no");

    size_t total = 0;
    int chunks = 0;
    for (;;) {
        if (total + CHUNK > sizeof buf) {
            fail("file too large");
            break;
        }
        ssize_t n = read(fd, buf + total, CHUNK);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            printf("read failed: %s\n", strerror(errno));
            return 1;
        }
        if (n == 0)
            break;
        total += (size_t)n;
        chunks++;
    }
    printf("read %zu bytes in %d chunks\n", total, chunks);
    if ((long long)total != (long long)st.st_size)
        fail("bytes read != st_size");

    /* at end of file, the position is the size, and read keeps returning 0 */
    if (lseek(fd, 0, SEEK_CUR) != st.st_size)
        fail("lseek(SEEK_CUR) at EOF != st_size");
    char extra;
    if (read(fd, &extra, 1) != 0)
        fail("read at EOF did not return 0");
    if (lseek(fd, 0, SEEK_END) != st.st_size)
        fail("lseek(SEEK_END) != st_size");

    /* back to the start; pread must not move the file position */
    if (lseek(fd, 0, SEEK_SET) != 0)
        fail("lseek(0, SEEK_SET) != 0");
    char word[6] = { 0 };
    if (pread(fd, word, 5, 4) != 5)
        fail("pread(5 bytes at 4) short");
    printf("pread=%s\n", word);
    if (memcmp(word, buf + 4, 5) != 0)
        fail("pread data differs from read data");
    if (lseek(fd, 0, SEEK_CUR) != 0)
        fail("pread moved the file position");
    char head[3];
    if (read(fd, head, 3) != 3 || memcmp(head, buf, 3) != 0)
        fail("read after lseek(0) differs");
    close(fd);

    /* a missing file next to the real one: ENOENT, not some other error */
    char missing[4096];
    const char *slash = strrchr(argv[1], '/');
    int dirlen = slash ? (int)(slash - argv[1] + 1) : 0;
    snprintf(missing, sizeof missing, "%.*sno-such-file.txt", dirlen, argv[1]);
    errno = 0;
    int fd2 = open(missing, O_RDONLY);
    if (fd2 >= 0) {
        fail("opening a missing file succeeded");
        close(fd2);
    } else {
        printf("missing file: %s\n", errno == ENOENT ? "ENOENT" : strerror(errno));
    }

    printf("--- contents ---\n");
    fwrite(buf, 1, total, stdout);
    if (total > 0 && buf[total - 1] != '\n')
        putchar('\n');
    printf("--- end ---\n");

    if (errors) {
        printf("readfile failed (%d errors)\n", errors);
        return 1;
    }
    return 0;
}
