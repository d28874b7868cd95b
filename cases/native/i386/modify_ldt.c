//! exit: 0
//! reference: host
//! stdout: reading before any entry is written returns 0: yes
//! stdout: read default returns 128 zero bytes: yes
//! stdout: %fs:0 and %fs:4 read the block through the new LDT entry: yes
//! stdout: old-mode entry (func 1) works: yes
//! stdout: read returns the requested byte count: yes
//! stdout: descriptor encodes base, limit and 32-bit data segment: yes
//! stdout: AVL set by func 0x11, cleared by func 1: yes
//! stdout: entry 8192: EINVAL: yes
//! stdout: bytecount not sizeof(struct user_desc): EINVAL: yes
//! stdout: func 99: ENOSYS: yes
//! stdout: each thread keeps its own %fs across 200 yields: yes
//! stdout: handler started with the interrupted %fs: yes
//! stdout: handler's own %fs selector works: yes
//! stdout: %fs restored after the handler returned: yes
//! stdout: modify_ldt ok

/*
 * i386 LDT segments from modify_ldt(2) (arch/x86/kernel/ldt.c), which older runtimes
 * and Wine use for segment-based thread-local storage: write an entry
 * (func 0x11, or 1, the old mode that clears the AVL bit), load a segment register
 * with an LDT selector (index << 3 | TI=1 | RPL 3) and address memory through it.
 * glibc keeps its own TLS in %gs on i386, so this uses %fs.
 *
 * What Linux does: read (func 0) returns 0 before the process has an LDT and otherwise
 * the requested byte count, zero-filling past the last entry; read default (func 2)
 * returns min(bytecount, 128) zero bytes under a 64-bit kernel; a write needs
 * bytecount == sizeof(struct user_desc) and entry_number < 8192 (EINVAL), and an
 * unknown func is ENOSYS. The LDT belongs to the process, but segment registers
 * belong to each thread: they must survive every context switch, and sigreturn
 * restores %fs from the sigcontext whatever the handler loaded (signal delivery itself
 * leaves %fs as it was).
 *
 * The reference is the host kernel: qemu-i386 7.2 has no read default (func 2 gives
 * ENOSYS) and leaves the accessed bit of written descriptors clear.
 */
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { MAIN_ENTRY = 5, OLD_ENTRY = 3, THREAD_ENTRY = 9, HANDLER_ENTRY = 12, READ_ENTRIES = 16 };

// Each segment's memory: two words that tell the segments apart.
static uint32_t main_block[2] = {0x11111111, 0x22222222};
static uint32_t old_block[2] = {0x33333333, 0x44444444};
static uint32_t thread_block[2] = {0x55555555, 0x66666666};
static uint32_t handler_block[2] = {0x77777777, 0x88888888};

static const char* yes(int ok) { return ok ? "yes" : "no"; }

static long modify_ldt(int func, void* ptr, unsigned long bytecount) {
  return syscall(SYS_modify_ldt, func, ptr, bytecount);
}

static uint16_t ldt_selector(unsigned entry) { return (uint16_t)(entry << 3 | 4 | 3); }

// A byte-granular 32-bit read/write data segment over `block` (8 bytes).
static long set_entry(int func, unsigned entry, uint32_t* block) {
  struct user_desc d;
  memset(&d, 0, sizeof d);
  d.entry_number = entry;
  d.base_addr = (unsigned)(uintptr_t)block;
  d.limit = 2 * sizeof block[0] - 1;
  d.seg_32bit = 1;
  d.useable = 1;
  return modify_ldt(func, &d, sizeof d);
}

static void load_fs(uint16_t selector) { __asm__ volatile("movw %0, %%fs" : : "r"(selector) : "memory"); }

static uint16_t fs_selector(void) {
  uint16_t s;
  __asm__ volatile("movw %%fs, %0" : "=r"(s));
  return s;
}

static uint32_t fs_word0(void) {
  uint32_t v;
  __asm__ volatile("movl %%fs:0, %0" : "=r"(v) : : "memory");
  return v;
}

static uint32_t fs_word4(void) {
  uint32_t v;
  __asm__ volatile("movl %%fs:4, %0" : "=r"(v) : : "memory");
  return v;
}

static int fs_reads(const uint32_t* block) { return fs_word0() == block[0] && fs_word4() == block[1]; }

static uint32_t desc_base(const uint8_t* d) {
  return (uint32_t)d[2] | (uint32_t)d[3] << 8 | (uint32_t)d[4] << 16 | (uint32_t)d[7] << 24;
}
static uint32_t desc_limit(const uint8_t* d) { return (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)(d[6] & 0xf) << 16; }
static int desc_avl(const uint8_t* d) { return d[6] >> 4 & 1; }

// Present, DPL 3, code/data (S=1), writable data, 32-bit, byte granular. The accessed
// bit is left out: the kernel sets it when writing, the CPU when loading.
static int desc_is_data32(const uint8_t* d) { return (d[5] & 0xfe) == 0xf2 && (d[6] & 0xc0) == 0x40; }

static int check_reads_before_write(void) {
  uint8_t buf[256];
  memset(buf, 0xff, sizeof buf);
  const int empty = modify_ldt(0, buf, 64) == 0;
  printf("reading before any entry is written returns 0: %s\n", yes(empty));
  memset(buf, 0xff, sizeof buf);
  const long n = modify_ldt(2, buf, sizeof buf);
  int zeros = n == 128;
  for (int i = 0; i < 256; i++) zeros &= buf[i] == (i < 128 ? 0 : 0xff);
  printf("read default returns 128 zero bytes: %s\n", yes(zeros));
  return empty && zeros;
}

static int check_fs_segments(void) {
  const int set = set_entry(0x11, MAIN_ENTRY, main_block) == 0;
  load_fs(ldt_selector(MAIN_ENTRY));
  const int main_ok = set && fs_reads(main_block);
  printf("%%fs:0 and %%fs:4 read the block through the new LDT entry: %s\n", yes(main_ok));
  const int old_set = set_entry(1, OLD_ENTRY, old_block) == 0;
  load_fs(ldt_selector(OLD_ENTRY));
  const int old_ok = old_set && fs_reads(old_block);
  load_fs(ldt_selector(MAIN_ENTRY));
  printf("old-mode entry (func 1) works: %s\n", yes(old_ok && fs_reads(main_block)));
  return main_ok && old_ok;
}

static int check_read_back(void) {
  uint8_t buf[READ_ENTRIES * LDT_ENTRY_SIZE];
  memset(buf, 0xff, sizeof buf);
  const int count = modify_ldt(0, buf, sizeof buf) == (long)sizeof buf;
  printf("read returns the requested byte count: %s\n", yes(count));
  const uint8_t* mine = buf + MAIN_ENTRY * LDT_ENTRY_SIZE;
  const uint8_t* old = buf + OLD_ENTRY * LDT_ENTRY_SIZE;
  const uint8_t* past = buf + (MAIN_ENTRY + 1) * LDT_ENTRY_SIZE;
  int zero_past_end = 1;
  for (const uint8_t* p = past; p < buf + sizeof buf; p++) zero_past_end &= *p == 0;
  const int encoded = desc_base(mine) == (uint32_t)(uintptr_t)main_block && desc_limit(mine) == 7 &&
                      desc_is_data32(mine) && desc_base(old) == (uint32_t)(uintptr_t)old_block &&
                      desc_is_data32(old) && zero_past_end;
  printf("descriptor encodes base, limit and 32-bit data segment: %s\n", yes(encoded));
  const int avl = desc_avl(mine) == 1 && desc_avl(old) == 0;
  printf("AVL set by func 0x11, cleared by func 1: %s\n", yes(avl));
  return count && encoded && avl;
}

static int fails_with(long r, int err) { return r == -1 && errno == err; }

static int check_errors(void) {
  struct user_desc d;
  memset(&d, 0, sizeof d);
  d.entry_number = 8192;
  d.base_addr = (unsigned)(uintptr_t)main_block;
  d.limit = 7;
  d.seg_32bit = 1;
  const int big = fails_with(modify_ldt(0x11, &d, sizeof d), EINVAL);
  printf("entry 8192: EINVAL: %s\n", yes(big));
  d.entry_number = MAIN_ENTRY + 1;
  const int size = fails_with(modify_ldt(0x11, &d, sizeof d - 1), EINVAL);
  printf("bytecount not sizeof(struct user_desc): EINVAL: %s\n", yes(size));
  const int func = fails_with(modify_ldt(99, &d, sizeof d), ENOSYS);
  printf("func 99: ENOSYS: %s\n", yes(func));
  return big && size && func;
}

// Re-reads %fs:0 across 200 yields; returns how many reads saw another value.
static int yield_and_reread(const uint32_t* block) {
  int wrong = 0;
  for (int i = 0; i < 200; i++) {
    sched_yield();
    for (volatile int spin = 0; spin < 100; spin++) {
    }
    wrong += fs_word0() != block[0];
  }
  return wrong;
}

static void* ldt_thread(void* arg) {
  (void)arg;
  if (set_entry(0x11, THREAD_ENTRY, thread_block) != 0) return (void*)1;
  load_fs(ldt_selector(THREAD_ENTRY));
  if (!fs_reads(thread_block)) return (void*)1;
  return (void*)(intptr_t)yield_and_reread(thread_block);
}

static int check_threads(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, ldt_thread, NULL) != 0) return 0;
  const int main_wrong = yield_and_reread(main_block);
  void* thread_wrong;
  pthread_join(t, &thread_wrong);
  const int ok = main_wrong == 0 && thread_wrong == NULL && fs_selector() == ldt_selector(MAIN_ENTRY);
  printf("each thread keeps its own %%fs across 200 yields: %s\n", yes(ok));
  return ok;
}

static volatile int handler_saw_interrupted, handler_own_ok;

// Changes nothing but %fs: sigreturn must bring the interrupted value back.
static void on_usr1(int sig) {
  (void)sig;
  handler_saw_interrupted = fs_selector() == ldt_selector(MAIN_ENTRY) && fs_reads(main_block);
  load_fs(ldt_selector(HANDLER_ENTRY));
  handler_own_ok = fs_reads(handler_block);
}

static int check_signal(void) {
  if (set_entry(0x11, HANDLER_ENTRY, handler_block) != 0) return 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  printf("handler started with the interrupted %%fs: %s\n", yes(handler_saw_interrupted));
  printf("handler's own %%fs selector works: %s\n", yes(handler_own_ok));
  const int restored = fs_selector() == ldt_selector(MAIN_ENTRY) && fs_reads(main_block);
  printf("%%fs restored after the handler returned: %s\n", yes(restored));
  return handler_saw_interrupted && handler_own_ok && restored;
}

int main(void) {
  const uint16_t initial_fs = fs_selector();
  int ok = check_reads_before_write();
  ok &= check_fs_segments();
  ok &= check_read_back();
  ok &= check_errors();
  ok &= check_threads();
  ok &= check_signal();
  load_fs(initial_fs);
  if (!ok) {
    puts("modify_ldt FAILED");
    return 1;
  }
  puts("modify_ldt ok");
  return 0;
}
