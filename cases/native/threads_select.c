//! exit: 0
//! stdout: empty pipe not ready: yes
//! stdout: select(0) slept at least 20 ms: yes
//! stdout: reader woke when the writer thread wrote: yes
//! stdout: pselect saw the data: yes
//! stdout: mincore: resident
//! stdout: threads joined: 4, sum 10
//! stdout: threads_select ok

/*
 * glibc threads and waiting on file descriptors. pthread_create is clone with
 * CLONE_SETTLS (a struct user_desc on i386, TPIDRURO on ARM, the FS base on amd64) and
 * CLONE_CHILD_CLEARTID, which pthread_join waits on with futex. select and pselect6
 * block the calling thread until another thread writes to a pipe, or sleep when
 * given no fds; mincore reports mapped pages resident.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static int pipe_fds[2];
static __thread int thread_local_value;

static const char* yes(int ok) { return ok ? "yes" : "no"; }

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void* writer(void* arg) {
  (void)arg;
  struct timespec pause = {0, 5 * 1000 * 1000};
  nanosleep(&pause, NULL);
  if (write(pipe_fds[1], "x", 1) != 1) abort();
  return NULL;
}

static void* worker(void* arg) {
  thread_local_value = (int)(intptr_t)arg;  // each thread its own TLS slot
  sched_yield();
  return (void*)(intptr_t)thread_local_value;
}

int main(void) {
  if (pipe(pipe_fds) != 0) return 10;

  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(pipe_fds[0], &rd);
  struct timeval zero = {0, 0};
  const int none = select(pipe_fds[0] + 1, &rd, NULL, NULL, &zero);
  printf("empty pipe not ready: %s\n", yes(none == 0 && !FD_ISSET(pipe_fds[0], &rd)));

  const uint64_t before = now_ns();
  struct timeval nap = {0, 20 * 1000};
  select(0, NULL, NULL, NULL, &nap);
  printf("select(0) slept at least 20 ms: %s\n", yes(now_ns() - before >= 20000000u));

  pthread_t w;
  if (pthread_create(&w, NULL, writer, NULL) != 0) return 11;
  FD_ZERO(&rd);
  FD_SET(pipe_fds[0], &rd);
  const int n = select(pipe_fds[0] + 1, &rd, NULL, NULL, NULL);  // blocks until written
  printf("reader woke when the writer thread wrote: %s\n", yes(n == 1 && FD_ISSET(pipe_fds[0], &rd)));
  pthread_join(w, NULL);

  FD_ZERO(&rd);
  FD_SET(pipe_fds[0], &rd);
  struct timespec ts = {1, 0};
  printf("pselect saw the data: %s\n", yes(pselect(pipe_fds[0] + 1, &rd, NULL, NULL, &ts, NULL) == 1));

  const long page = sysconf(_SC_PAGESIZE);
  unsigned char* p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  unsigned char vec = 0;
  p[0] = 1;
  printf("mincore: %s\n", mincore(p, (size_t)page, &vec) == 0 && (vec & 1) ? "resident" : "not resident");

  pthread_t t[4];
  for (intptr_t i = 0; i < 4; i++)
    if (pthread_create(&t[i], NULL, worker, (void*)(i + 1)) != 0) return 12;
  intptr_t sum = 0;
  for (int i = 0; i < 4; i++) {
    void* r;
    pthread_join(t[i], &r);
    sum += (intptr_t)r;
  }
  printf("threads joined: 4, sum %ld\n", (long)sum);
  puts("threads_select ok");
  return 0;
}
