//! exit: 139
//! stdout: about to write NULL

/*
 * Checks that a guest memory fault is reported like a native one: after
 * printing a line (and flushing it explicitly, since stdout is a pipe or
 * file and so fully buffered, and the buffer would be lost on a fatal
 * signal) the program stores through a NULL pointer. Page 0 is never
 * mapped, so the kernel delivers SIGSEGV with the default action and the
 * process dies by the signal; a shell-style harness sees status 128+11=139.
 * The emulator must turn the unmapped-write fault into that death instead
 * of an emulator error or a normal exit.
 */
#include <stdio.h>

int main(void)
{
    printf("about to write NULL\n");
    fflush(stdout);
    volatile int *p = NULL;
    *p = 42;
    printf("still alive?\n");
    return 0;
}
