//! args: one "two words" three
//! env: FVEMU_CASE=seed
//! exit: 0
//! stdout: argc=4
//! stdout: argv[1]=one
//! stdout: argv[2]=two words
//! stdout: argv[3]=three
//! stdout: FVEMU_CASE=seed
//! stdout: auxv ok

/*
 * Checks the initial process stack the loader builds, as the Linux kernel
 * lays it out in create_elf_tables(): argc, the argv strings (including one
 * with an embedded space, to show arguments are passed through unsplit),
 * the environment (read back with getenv) and the auxiliary vector, read
 * through glibc's getauxval(). The auxv entries checked are the ones glibc
 * and programs really depend on: AT_PAGESZ (4096), AT_RANDOM (16 random
 * bytes used for the stack protector and pointer guard), AT_ENTRY, AT_PHDR/
 * AT_PHNUM/AT_PHENT (used by static glibc to find its TLS segment), AT_EXECFN
 * (pathname given to execve), AT_UID/EUID/GID (must agree with the getuid/
 * geteuid/getgid syscalls), AT_SECURE (0: not setuid), AT_CLKTCK (100, the
 * USER_HZ used by times()) and AT_PLATFORM. Only pass/fail is printed, never
 * the values, since those differ between machines and emulators.
 */
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("auxv check failed: %s\n", what);
        failures++;
    }
}

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);

    const char *fc = getenv("FVEMU_CASE");
    printf("FVEMU_CASE=%s\n", fc ? fc : "(unset)");

    check(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ == 4096");
    check(getauxval(AT_RANDOM) != 0, "AT_RANDOM != 0");
    check(getauxval(AT_ENTRY) != 0, "AT_ENTRY != 0");
    check(getauxval(AT_PHNUM) > 0, "AT_PHNUM > 0");
    check(getauxval(AT_PHENT) == sizeof(ElfW(Phdr)),
          "AT_PHENT == sizeof(ElfW(Phdr))");

    const char *execfn = (const char *)getauxval(AT_EXECFN);
    check(execfn != NULL, "AT_EXECFN != NULL");
    if (execfn != NULL && argc > 0)
        check(strcmp(base_name(execfn), base_name(argv[0])) == 0,
              "basename(AT_EXECFN) == basename(argv[0])");

    check(getauxval(AT_UID) == (unsigned long)getuid(), "AT_UID == getuid()");
    check(getauxval(AT_EUID) == (unsigned long)geteuid(),
          "AT_EUID == geteuid()");
    check(getauxval(AT_GID) == (unsigned long)getgid(), "AT_GID == getgid()");
    check(getauxval(AT_SECURE) == 0, "AT_SECURE == 0");
    check(getauxval(AT_CLKTCK) == 100, "AT_CLKTCK == 100");
    check(getauxval(AT_PLATFORM) != 0, "AT_PLATFORM != NULL");

    if (failures) {
        printf("auxv failed (%d checks)\n", failures);
        return 1;
    }
    printf("auxv ok\n");
    return 0;
}
