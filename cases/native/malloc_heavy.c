//! exit: 0
//! stdout: checksum=0x86c173bd
//! stdout: malloc ok

/*
 * Stresses the two ways glibc malloc gets memory from the kernel. Small
 * requests are served from the main arena, which grows the heap with brk(2)
 * (sbrk); requests at or above the mmap threshold get their own anonymous
 * mmap(2), are resized with mremap(2) on realloc and returned with
 * munmap(2). The threshold is pinned to 128 KiB with mallopt so glibc's
 * dynamic threshold cannot move big blocks back onto the heap. The program
 * makes 20000 small allocations of pseudo-random sizes, frees a third,
 * grows some past 256 KiB and then 1 MiB with realloc, makes a few
 * multi-MiB callocs that must read as zero (fresh anonymous pages), and
 * fills every block with a pattern derived from its index and checks it
 * before freeing. It also moves the break by hand with sbrk and checks
 * brk really grows and shrinks. The checksum depends only on the pattern
 * and the sizes, never on addresses, so it is the same on every arch.
 */
#define _DEFAULT_SOURCE /* sbrk under -std=c11 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NBLOCKS 20000
#define KiB 1024u
#define MiB (1024u * 1024u)

static unsigned char *blk[NBLOCKS];
static size_t len[NBLOCKS];
static uint32_t checksum = 2166136261u; /* FNV-1a over verified bytes */
static int errors;

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
    /* xorshift32: deterministic and identical on every arch */
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

static unsigned char pattern(uint32_t idx, size_t off)
{
    return (unsigned char)(idx * 131u + (uint32_t)off * 7u + (uint32_t)(off >> 8) + 0x5au);
}

static void fill(uint32_t idx, unsigned char *p, size_t from, size_t to)
{
    for (size_t j = from; j < to; j++)
        p[j] = pattern(idx, j);
}

static void verify(uint32_t idx, const unsigned char *p, size_t n, const char *what)
{
    for (size_t j = 0; j < n; j++) {
        if (p[j] != pattern(idx, j)) {
            printf("pattern mismatch (%s) block %u offset %zu\n", what, (unsigned)idx, j);
            errors++;
            return;
        }
        checksum = (checksum ^ p[j]) * 16777619u;
    }
    checksum = (checksum ^ (uint32_t)n) * 16777619u;
}

static void fail(const char *msg)
{
    printf("FAIL: %s\n", msg);
    errors++;
}

int main(void)
{
    if (mallopt(M_MMAP_THRESHOLD, 128 * KiB) != 1)
        fail("mallopt(M_MMAP_THRESHOLD)");

    char *brk0 = sbrk(0);
    if (brk0 == (char *)-1)
        fail("sbrk(0)");

    /* 1. many small blocks on the brk heap */
    for (uint32_t i = 0; i < NBLOCKS; i++) {
        size_t n = 1 + rng() % 1000;
        if (i % 97 == 0)
            n += 4 * KiB; /* some medium ones */
        blk[i] = malloc(n);
        if (!blk[i]) {
            fail("malloc small");
            return 1;
        }
        if ((uintptr_t)blk[i] % 8 != 0)
            fail("malloc alignment");
        len[i] = n;
        fill(i, blk[i], 0, n);
    }

    char *brk1 = sbrk(0);
    if (!(brk1 > brk0))
        fail("heap (sbrk(0)) did not grow after small mallocs");

    /* 2. free every third block */
    for (uint32_t i = 0; i < NBLOCKS; i += 3) {
        verify(i, blk[i], len[i], "before free");
        free(blk[i]);
        blk[i] = NULL;
    }

    /* 3. grow some survivors past the mmap threshold (mmap), then again (mremap) */
    static const size_t grow[] = { 300 * KiB, 1 * MiB + 12345 };
    /* i = 1 + 1251k is never a multiple of 3, so these were not freed above */
    for (uint32_t i = 1; i < NBLOCKS; i += 1251) {
        for (size_t g = 0; g < sizeof grow / sizeof grow[0]; g++) {
            unsigned char *q = realloc(blk[i], grow[g]);
            if (!q) {
                fail("realloc grow");
                return 1;
            }
            blk[i] = q;
            verify(i, q, len[i], "after realloc grow");
            fill(i, q, len[i], grow[g]);
            len[i] = grow[g];
        }
    }
    /* shrink some of the grown blocks (1 + 5004m) back below the threshold */
    for (uint32_t i = 1; i < NBLOCKS; i += 5004) {
        unsigned char *q = realloc(blk[i], 200);
        if (!q) {
            fail("realloc shrink");
            return 1;
        }
        blk[i] = q;
        len[i] = 200;
        verify(i, q, len[i], "after realloc shrink");
    }

    /* 4. a few large callocs: must be zero */
    for (uint32_t k = 0; k < 3; k++) {
        size_t n = (2 + k) * MiB + k * 4097;
        unsigned char *c = calloc(n, 1);
        if (!c) {
            fail("calloc large");
            return 1;
        }
        for (size_t j = 0; j < n; j++)
            if (c[j] != 0) {
                fail("calloc memory not zero");
                break;
            }
        uint32_t idx = 100000 + k;
        fill(idx, c, 0, n);
        verify(idx, c, n, "calloc block");
        free(c);
    }

    /* a calloc that lands on the heap and reuses freed (dirty) chunks */
    for (uint32_t k = 0; k < 100; k++) {
        unsigned char *c = calloc(50 + k, 3);
        if (!c) {
            fail("calloc small");
            return 1;
        }
        for (size_t j = 0; j < (50 + k) * 3; j++)
            if (c[j] != 0) {
                fail("small calloc memory not zero");
                break;
            }
        free(c);
    }

    /* 5. verify and free everything left */
    for (uint32_t i = 0; i < NBLOCKS; i++) {
        if (!blk[i])
            continue;
        verify(i, blk[i], len[i], "final");
        free(blk[i]);
        blk[i] = NULL;
    }

    /* 6. move the break by hand: brk must grow, be usable, and shrink back */
    char *cur = sbrk(0);
    char *old = sbrk(64 * KiB);
    char *after = sbrk(0);
    int grew = old == cur && after == cur + 64 * KiB;
    if (grew) {
        memset(old, 0xa5, 64 * KiB);
        if ((unsigned char)old[64 * KiB - 1] != 0xa5)
            grew = 0;
    }
    char *back = sbrk(-(intptr_t)(64 * KiB));
    char *end = sbrk(0);
    if (!grew)
        fail("sbrk(64 KiB) did not grow the break");
    if (back != after || end != cur)
        fail("sbrk(-64 KiB) did not shrink the break");

    printf("checksum=0x%08x\n", (unsigned)checksum);
    if (errors) {
        printf("malloc failed (%d errors)\n", errors);
        return 1;
    }
    printf("malloc ok\n");
    return 0;
}
