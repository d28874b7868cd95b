//! exit: 0
//! stdout: hello, world

/*
 * The smallest possible case: a static glibc program that prints one line
 * with printf and returns 0. It exercises the emulator's ELF loader, the
 * initial stack layout (argc/argv/envp/auxv), glibc's static startup path
 * (TLS setup via set_thread_area/arch_prctl/set_tls, brk, etc.), buffered
 * stdout flushed by exit through write(2), and exit_group(2).
 */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
