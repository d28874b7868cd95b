/* Output and exit through the runtime's own syscall stubs (arch/<arch>.S). */
#include <stdarg.h>

#include "internal.h"

static size_t length(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

static void put(const char *s, size_t n) {
  while (n > 0) {
    const long w = sys_write(1, s, n);
    if (w <= 0) fv_exit(3);
    s += w;
    n -= (size_t)w;
  }
}

void fv_print(const char *s) { put(s, length(s)); }

static void put_unsigned(word v, unsigned base) {
  char buf[3 * sizeof(word) + 1];
  char *p = buf + sizeof buf;
  do {
    *--p = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  put(p, (size_t)(buf + sizeof buf - p));
}

void fv_print_word(word v) { put_unsigned(v, 10); }

void fv_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      const char *q = p;
      while (*q && *q != '%') q++;
      put(p, (size_t)(q - p));
      p = q - 1;
      continue;
    }
    switch (*++p) {
      case 's': fv_print(va_arg(ap, const char *)); break;
      case 'u': put_unsigned(va_arg(ap, word), 10); break;
      case 'x': put_unsigned(va_arg(ap, word), 16); break;
      case 'p': put("0x", 2); put_unsigned(va_arg(ap, word), 16); break;
      case 'c': { char c = (char)va_arg(ap, int); put(&c, 1); break; }
      case 'd': {
        const intptr_t v = va_arg(ap, intptr_t);
        if (v < 0) put("-", 1);
        put_unsigned(v < 0 ? -(word)v : (word)v, 10);
        break;
      }
      case '%': put("%", 1); break;
      default: fv_print("fvrt: bad format\n"); fv_exit(2);
    }
  }
  va_end(ap);
}

void fv_check(int ok, const char *what) {
  fv_printf("%s: %s\n", what, ok ? "yes" : "NO");
  if (!ok) fv_exit(1);
}

void fv_exit(int code) { sys_exit_group(code); }
