//! exit: 0
//! stdout: iterations=300
//! stdout: checksum=0xeca3172b

/*
 * Compute-bound benchmark for the emulator's CPU path (translation and
 * block chaining), with almost no syscalls: each iteration runs a sieve of
 * Eratosthenes, a table-driven CRC-32 over a 256 KiB pseudo-random buffer
 * and a 64x64 integer matrix multiply, and folds the results into a
 * checksum. Only fixed-width unsigned integer arithmetic is used (no
 * floating point, no pointer values), so the checksum is the same on
 * i386, x86_64 and ARM. Every iteration's inputs depend on the iteration
 * number, so the compiler cannot hoist the work out of the loop. The
 * iteration count is argv[1] (default 300, about 1-2 s natively on amd64
 * at -O2); the header expectations hold for the default count.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_ITERS 300
#define SIEVE_MAX (1u << 21)
#define CRC_BUF (256u * 1024u)
#define N 64

static uint8_t composite[SIEVE_MAX + 8192];
static uint8_t buf[CRC_BUF];
static uint32_t crc_table[256];
static uint32_t ma[N][N], mb[N][N], mc[N][N];

static uint32_t rotl(uint32_t x, unsigned r)
{
    return (x << r) | (x >> (32 - r));
}

static uint32_t mix(uint32_t h, uint32_t v)
{
    return (rotl(h, 5) ^ v) * 0x9e3779b1u;
}

static uint32_t xorshift(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* count and sum the primes below limit */
static uint32_t sieve(uint32_t limit)
{
    for (uint32_t i = 0; i < limit; i++)
        composite[i] = 0;
    uint32_t count = 0, sum = 0;
    for (uint32_t i = 2; i < limit; i++) {
        if (composite[i])
            continue;
        count++;
        sum += i;
        for (uint32_t j = i * 2; j < limit; j += i) /* i*2 fits: limit < 2^22 */
            composite[j] = 1;
    }
    return mix(count, sum);
}

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32_buf(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static uint32_t matmul(uint32_t seed)
{
    uint32_t s = seed | 1;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ma[i][j] = xorshift(&s) & 0xffff;
            mb[i][j] = xorshift(&s) & 0xffff;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            uint32_t acc = 0;
            for (int k = 0; k < N; k++)
                acc += ma[i][k] * mb[k][j];
            mc[i][j] = acc;
        }
    uint32_t h = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            h = mix(h, mc[i][j]);
    return h;
}

int main(int argc, char **argv)
{
    long iters = DEFAULT_ITERS;
    if (argc > 1) {
        iters = strtol(argv[1], NULL, 10);
        if (iters <= 0) {
            fprintf(stderr, "usage: compute [ITERATIONS > 0]\n");
            return 2;
        }
    }

    crc_init();
    uint32_t h = 0x12345678u;
    for (long it = 0; it < iters; it++) {
        uint32_t s = 0x2545f491u ^ (uint32_t)it * 0x01000193u;
        if (s == 0)
            s = 1;

        h = mix(h, sieve(SIEVE_MAX - (uint32_t)(it % 8) * 1000));

        for (uint32_t i = 0; i < CRC_BUF; i += 4) {
            uint32_t r = xorshift(&s);
            buf[i] = (uint8_t)r;
            buf[i + 1] = (uint8_t)(r >> 8);
            buf[i + 2] = (uint8_t)(r >> 16);
            buf[i + 3] = (uint8_t)(r >> 24);
        }
        h = mix(h, crc32_buf(buf, CRC_BUF));

        for (int rep = 0; rep < 4; rep++)
            h = mix(h, matmul(s + (uint32_t)rep));
    }

    printf("iterations=%ld\n", iters);
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
