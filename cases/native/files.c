//! exit: 0
//! stdout: writev ok
//! stdout: files ok

/*
 * Covers the rest of the single-threaded syscall surface glibc programs
 * commonly reach: uname(2) (sysname must be "Linux"; nothing
 * machine-specific is printed), getpid(2), getppid(2) and gettid(2) (all
 * positive, and gettid == getpid in a single-threaded process),
 * readlink(2) of /proc/self/exe (an emulator must answer with the guest
 * program's path, not its own; only the basename is compared with argv[0]),
 * access(2) of argv[0] with R_OK (so argv[0] must be a path the guest can
 * reach from its working directory), writev(2) of three iovecs that form a
 * single output line, getrandom(2) for 32 bytes, and getrlimit(RLIMIT_STACK)
 * (prlimit64 on x86_64, ugetrlimit on i386 and ARM with glibc 2.36).
 */
#define _GNU_SOURCE /* gettid */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

static int errors;

static void fail(const char *msg)
{
    printf("FAIL: %s (errno: %s)\n", msg, strerror(errno));
    errors++;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int main(int argc, char **argv)
{
    if (argc < 1 || argv[0] == NULL) {
        printf("no argv[0]\n");
        return 1;
    }

    struct utsname u;
    if (uname(&u) != 0)
        fail("uname");
    else if (strcmp(u.sysname, "Linux") != 0)
        fail("uname sysname is not \"Linux\"");

    pid_t pid = getpid(), ppid = getppid(), tid = gettid();
    if (pid <= 0)
        fail("getpid() <= 0");
    if (ppid <= 0)
        fail("getppid() <= 0");
    if (tid <= 0)
        fail("gettid() <= 0");
    if (tid != pid)
        fail("gettid() != getpid() in a single-threaded process");

    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n < 0) {
        fail("readlink(/proc/self/exe)");
    } else {
        exe[n] = '\0';
        if (strcmp(base_name(exe), base_name(argv[0])) != 0)
            fail("basename of /proc/self/exe != basename of argv[0]");
    }

    if (access(argv[0], R_OK) != 0)
        fail("access(argv[0], R_OK)");

    /* stdout is buffered: flush it so the writev output stays in order */
    fflush(stdout);
    char p1[] = "writev", p2[] = " ", p3[] = "ok\n";
    struct iovec iov[3] = {
        { .iov_base = p1, .iov_len = strlen(p1) },
        { .iov_base = p2, .iov_len = strlen(p2) },
        { .iov_base = p3, .iov_len = strlen(p3) },
    };
    ssize_t w = writev(STDOUT_FILENO, iov, 3);
    if (w != (ssize_t)(strlen(p1) + strlen(p2) + strlen(p3)))
        fail("writev did not write all three pieces");

    unsigned char rnd[32];
    memset(rnd, 0, sizeof rnd);
    ssize_t r = getrandom(rnd, sizeof rnd, 0);
    if (r != (ssize_t)sizeof rnd) {
        fail("getrandom(32 bytes)");
    } else {
        int nonzero = 0;
        for (size_t i = 0; i < sizeof rnd; i++)
            nonzero |= rnd[i];
        if (!nonzero)
            fail("getrandom returned 32 zero bytes");
    }

    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) != 0)
        fail("getrlimit(RLIMIT_STACK)");
    else if (rl.rlim_cur == 0 || rl.rlim_cur > rl.rlim_max)
        fail("getrlimit(RLIMIT_STACK) returned an impossible limit");

    if (errors) {
        printf("files failed (%d errors)\n", errors);
        return 1;
    }
    printf("files ok\n");
    return 0;
}
