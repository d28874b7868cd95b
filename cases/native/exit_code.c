//! args: 42
//! exit: 42
//! stdout: exiting with 42

/*
 * Checks that the guest's exit status reaches the host unchanged: the
 * program prints the status it is about to use (taken from argv[1] via
 * atoi) and returns it from main, so glibc's exit path flushes stdout with
 * write(2) and then calls exit_group(2) with that value. Without an
 * argument it exits with 0.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int status = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", status);
    return status;
}
