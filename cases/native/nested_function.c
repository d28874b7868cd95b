//! exit: 0
//! stdout: sum of squares 1..10 = 385
//! stdout: nested ok

/*
 * A GNU C nested function that uses its parent's locals, called through a function
 * pointer: gcc builds a trampoline on the stack, and marks the program's PT_GNU_STACK
 * executable. The loader must honour that (map the stack PROT_EXEC) or the call
 * faults. The same "code built at run time, called through a pointer" pattern is
 * what 2013-era Go closures did on the heap.
 */
#include <stdio.h>

static int apply(int (*f)(int), int n) {
  int total = 0;
  for (int i = 1; i <= n; i++) total += f(i);
  return total;
}

int main(void) {
  int calls = 0;
  int square(int x) {
    calls++;
    return x * x;
  }
  const int sum = apply(square, 10);
  printf("sum of squares 1..10 = %d\n", sum);
  if (calls != 10) return 1;
  puts("nested ok");
  return 0;
}
