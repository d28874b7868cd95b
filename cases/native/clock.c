//! exit: 0
//! stdout: clock ok

/*
 * Checks the time syscalls glibc exposes: clock_gettime(2) for
 * CLOCK_MONOTONIC and CLOCK_REALTIME, clock_getres(2), gettimeofday(2) and
 * time(2). (Static glibc uses the vDSO when the auxv offers one through
 * AT_SYSINFO_EHDR and falls back to real syscalls otherwise. On i386 and
 * ARM glibc 2.36 uses the 64-bit-time syscalls clock_gettime64 and
 * clock_getres_time64, and implements gettimeofday and time on top of
 * clock_gettime64, so the emulator must provide those.) Monotonic
 * time must never go backwards over many back-to-back reads and must have
 * advanced after a busy loop of a few million iterations; every tv_nsec
 * must be in [0, 1e9) and tv_usec in [0, 1e6); the three wall-clock sources
 * must agree to within a couple of seconds and be after 2020-01-01, which
 * catches an emulator that returns zeros, garbage or guest-relative times.
 * Nothing time-dependent is printed, so the output is deterministic.
 */
#define _DEFAULT_SOURCE /* gettimeofday, clock_getres under -std=c11 */
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

#define NSEC_PER_SEC 1000000000LL
#define JAN_1_2020 1577836800LL /* 2020-01-01T00:00:00Z */

static int errors;

static void fail(const char *msg)
{
    printf("FAIL: %s\n", msg);
    errors++;
}

static long long to_ns(const struct timespec *ts)
{
    return (long long)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static int get(clockid_t id, struct timespec *ts, const char *name)
{
    if (clock_gettime(id, ts) != 0) {
        printf("FAIL: clock_gettime(%s) failed\n", name);
        errors++;
        return 0;
    }
    if (ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC) {
        printf("FAIL: clock_gettime(%s) tv_nsec out of range\n", name);
        errors++;
        return 0;
    }
    return 1;
}

static long long llabs_diff(long long a, long long b)
{
    return a > b ? a - b : b - a;
}

int main(void)
{
    struct timespec res;
    if (clock_getres(CLOCK_MONOTONIC, &res) != 0)
        fail("clock_getres(CLOCK_MONOTONIC)");
    else if (to_ns(&res) <= 0 || to_ns(&res) > NSEC_PER_SEC)
        fail("clock_getres(CLOCK_MONOTONIC) resolution not in (0, 1 s]");

    /* monotonic never goes backwards across many reads */
    struct timespec start, prev, now;
    if (!get(CLOCK_MONOTONIC, &start, "CLOCK_MONOTONIC"))
        return 1;
    prev = start;
    for (int i = 0; i < 20000; i++) {
        if (!get(CLOCK_MONOTONIC, &now, "CLOCK_MONOTONIC"))
            return 1;
        if (to_ns(&now) < to_ns(&prev)) {
            fail("CLOCK_MONOTONIC went backwards");
            break;
        }
        prev = now;
    }

    /* ... and advances across a busy loop */
    volatile uint32_t x = 1;
    for (uint32_t i = 0; i < 5000000; i++)
        x = x * 1103515245u + 12345u;
    struct timespec after;
    if (!get(CLOCK_MONOTONIC, &after, "CLOCK_MONOTONIC"))
        return 1;
    if (to_ns(&after) < to_ns(&prev))
        fail("CLOCK_MONOTONIC went backwards across the busy loop");
    else if (to_ns(&after) <= to_ns(&start))
        fail("CLOCK_MONOTONIC did not advance across the busy loop");

    /* wall clock: three sources, all sane and in agreement */
    struct timespec rt;
    if (!get(CLOCK_REALTIME, &rt, "CLOCK_REALTIME"))
        return 1;
    struct timeval tv;
    if (gettimeofday(&tv, NULL) != 0)
        fail("gettimeofday failed");
    else if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
        fail("gettimeofday tv_usec out of range");
    time_t t = time(NULL);
    if (t == (time_t)-1)
        fail("time() failed");

    if ((long long)rt.tv_sec < JAN_1_2020)
        fail("CLOCK_REALTIME is before 2020-01-01");
    if ((long long)tv.tv_sec < JAN_1_2020)
        fail("gettimeofday is before 2020-01-01");
    if ((long long)t < JAN_1_2020)
        fail("time() is before 2020-01-01");
    if (llabs_diff(rt.tv_sec, tv.tv_sec) > 2)
        fail("gettimeofday disagrees with CLOCK_REALTIME");
    if (llabs_diff(rt.tv_sec, t) > 2)
        fail("time() disagrees with CLOCK_REALTIME");

    if (errors) {
        printf("clock failed (%d errors)\n", errors);
        return 1;
    }
    printf("clock ok\n");
    return 0;
}
