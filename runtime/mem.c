/*
 * Memory: a size-class allocator over mmap for data, and another for code. Freed
 * blocks go on a per-class free list and are handed out again, last freed first, so
 * code memory is rewritten at addresses that already ran, as the 2013 runtime's
 * closure() reused freed heap.
 */
#include "internal.h"

enum { PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4 };
enum { MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20 };
enum { CLASSES = 8, MIN_SIZE = 16, CHUNK = 1 << 20 };

typedef struct Heap {
  int prot;
  char *next, *end;            /* the current chunk's unused part */
  void *free[CLASSES];         /* 16, 32, ..., 2048 bytes */
} Heap;

static Heap data_heap = {PROT_READ | PROT_WRITE, 0, 0, {0}};
static Heap code_heap = {PROT_READ | PROT_WRITE | PROT_EXEC, 0, 0, {0}};

static void *map(size_t len, int prot) {
  void *p = sys_mmap(0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS);
  if ((word)p > (word)-4096) {
    fv_print("fvrt: out of memory\n");
    fv_exit(2);
  }
  return p;
}

static int size_class(size_t size) {
  int c = 0;
  for (size_t s = MIN_SIZE; s < size; s <<= 1) c++;
  return c;
}

static void *heap_alloc(Heap *h, size_t size) {
  if (size == 0) size = 1;
  const int c = size_class(size);
  if (c >= CLASSES) return map((size + 4095) & ~(size_t)4095, h->prot);
  const size_t rounded = (size_t)MIN_SIZE << c;
  void *p = h->free[c];
  if (p) {
    h->free[c] = *(void **)p;
  } else {
    if (!h->next || (size_t)(h->end - h->next) < rounded) {
      h->next = map(CHUNK, h->prot);
      h->end = h->next + CHUNK;
    }
    p = h->next;
    h->next += rounded;
  }
  memset(p, 0, rounded);
  return p;
}

static void heap_free(Heap *h, void *p, size_t size) {
  if (!p) return;
  const int c = size_class(size ? size : 1);
  if (c >= CLASSES) {
    sys_munmap(p, (size + 4095) & ~(size_t)4095);
    return;
  }
  *(void **)p = h->free[c];
  h->free[c] = p;
}

void *fv_alloc(size_t size) { return heap_alloc(&data_heap, size); }
void fv_free(void *p, size_t size) { heap_free(&data_heap, p, size); }
void *fv_code_alloc(size_t size) { return heap_alloc(&code_heap, size); }
void fv_code_free(void *p, size_t size) { heap_free(&code_heap, p, size); }

/* gcc may turn loops into calls to these even with -ffreestanding. */
void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}
