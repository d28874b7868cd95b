//! args: 300
//! exit: 0
//! stdout: slept at least the requested time: yes
//! stdout: sleeper ok

/*
 * Sleeps argv[1] milliseconds with nanosleep and checks on CLOCK_MONOTONIC that at least
 * that much time passed. Under fvemu's virtual clock the clock jumps ahead when every
 * thread sleeps, so even a very long sleep costs no host time; with --realtime the
 * sleep really waits (the end-to-end tests check both).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc != 2) return 64;
  const uint64_t ms = strtoull(argv[1], NULL, 10);
  const uint64_t start = now_ns();
  struct timespec req = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
  if (nanosleep(&req, NULL) != 0) return 1;
  printf("slept at least the requested time: %s\n", now_ns() - start >= ms * 1000000u ? "yes" : "no");
  puts("sleeper ok");
  return 0;
}
