/*
 * A guest that runs into fvemu's resource limits on purpose, one storm per mode (argv[1]).
 * Each mode prints one line saying how far it got and how it was stopped, and exits 0
 * only if it was stopped the way Linux stops a process at that limit:
 *
 *   mmap     one-page mappings until mmap fails: ENOMEM (vm.max_map_count)
 *   memory   16 MiB mappings, each written to, until mmap fails: ENOMEM (--max-memory;
 *            it counts what is mapped, so one page each keeps the test light)
 *   brk      1 MiB heap steps until sbrk fails: ENOMEM (--max-memory)
 *   holes    one 16 MiB mapping, every other page unmapped, until munmap fails: ENOMEM
 *            (each hole splits a mapping in two: vm.max_map_count again)
 *   split    the same with mprotect(PROT_READ) instead of munmap
 *   threads  threads that sleep forever, until pthread_create fails: EAGAIN (--max-threads)
 *   churn    20000 threads started and joined one after another: all succeed, since
 *            only live threads count
 *   fork     1000 forks: each fails (fvemu runs one process), and no child appears
 *   files    /dev/null opened until open fails: EMFILE (--max-files)
 *   output   writes forever: never stopped here; fvemu kills it (--max-output, SIGXFSZ)
 *   spin     computes forever, making indirect calls (for SIGINT/SIGTERM to fvemu)
 *   block    blocks in read(2) of stdin forever (the same, in a host call)
 *
 * tests/e2e/test_limits.py runs every mode on every arch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int stopped_by(const char *what, long count, int err, int expected)
{
	printf("%s: %ld, then %s\n", what, count, err ? strerrorname_np(err) : "no error");
	return err == expected ? 0 : 1;
}

static int mmap_storm(size_t size, const char *what)
{
	long n;
	for (n = 0; n < 10000000; n++) {
		char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return stopped_by(what, n, errno, ENOMEM);
		p[0] = p[size - 1] = 1; /* it is really there */
	}
	return stopped_by(what, n, 0, ENOMEM);
}

static int brk_storm(void)
{
	long n;
	for (n = 0; n < 100000; n++) {
		char *p = sbrk(1 << 20);
		if (p == (void *)-1)
			return stopped_by("brk", n, errno, ENOMEM);
		memset(p, 1, 1 << 20);
	}
	return stopped_by("brk", n, 0, ENOMEM);
}

/* Cuts one mapping into pieces, with munmap or mprotect, until the call fails. */
static int split_storm(int by_unmapping, const char *what)
{
	const size_t size = 16 << 20;
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return stopped_by(what, 0, errno, 0);
	long n;
	for (n = 0; (size_t)n * 8192 + 4096 < size; n++) {
		char *page = p + n * 8192 + 4096;
		int r = by_unmapping ? munmap(page, 4096) : mprotect(page, 4096, PROT_READ);
		if (r < 0)
			return stopped_by(what, n, errno, ENOMEM);
	}
	return stopped_by(what, n, 0, ENOMEM);
}

static void *sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *nothing(void *arg) { return arg; }

static int thread_storm(void)
{
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 << 10);
	long n;
	for (n = 0; n < 100000; n++) {
		pthread_t t;
		int err = pthread_create(&t, &attr, sleep_forever, NULL);
		if (err)
			return stopped_by("threads", n, err, EAGAIN);
	}
	return stopped_by("threads", n, 0, EAGAIN);
}

static int thread_churn(void)
{
	long n;
	for (n = 0; n < 20000; n++) {
		pthread_t t;
		int err = pthread_create(&t, NULL, nothing, NULL);
		if (err)
			return stopped_by("churn", n, err, 0);
		pthread_join(t, NULL);
	}
	return stopped_by("churn", n, 0, 0);
}

static int fork_bomb(void)
{
	int children = 0, err = 0;
	for (int i = 0; i < 1000; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0); /* never reached under fvemu */
		if (pid > 0)
			children++;
		else
			err = errno;
	}
	printf("fork: %d children, then %s\n", children, err ? strerrorname_np(err) : "no error");
	return children == 0 && err != 0 ? 0 : 1;
}

static int file_storm(void)
{
	long n;
	for (n = 0; n < 10000000; n++)
		if (open("/dev/null", O_RDONLY) < 0)
			return stopped_by("files", n, errno, EMFILE);
	return stopped_by("files", n, 0, EMFILE);
}

static int output_flood(void)
{
	static const char line[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n";
	for (;;)
		if (write(1, line, sizeof line - 1) < 0)
			return stopped_by("output", 0, errno, 0);
}

static int twice(int x) { return 2 * x; }
static int (*volatile through)(int) = twice;

static int spin(void)
{
	unsigned i = 0;
	while (through((int)i) != -1) /* an icall per iteration, for the trace */
		i++;
	return 0;
}

static int block(void)
{
	char c;
	return (int)read(0, &c, 1);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!strcmp(mode, "mmap"))
		return mmap_storm(4096, "mmap");
	if (!strcmp(mode, "memory"))
		return mmap_storm(16 << 20, "memory");
	if (!strcmp(mode, "brk"))
		return brk_storm();
	if (!strcmp(mode, "holes"))
		return split_storm(1, "holes");
	if (!strcmp(mode, "split"))
		return split_storm(0, "split");
	if (!strcmp(mode, "threads"))
		return thread_storm();
	if (!strcmp(mode, "churn"))
		return thread_churn();
	if (!strcmp(mode, "fork"))
		return fork_bomb();
	if (!strcmp(mode, "files"))
		return file_storm();
	if (!strcmp(mode, "output"))
		return output_flood();
	if (!strcmp(mode, "spin"))
		return spin();
	if (!strcmp(mode, "block"))
		return block();
	fprintf(stderr, "usage: storms mmap|memory|brk|holes|split|threads|churn|fork|files|output|spin|block\n");
	return 2;
}
