//! exit: 0
//! stdout: table: add=19 sub=11 mul=60 div=3 mod=3 pow=50625
//! stdout: expr 3 4 + 2 * 7 - = 7
//! stdout: fib(25) = 75025
//! stdout: memo fib(80) = 23416728348467685
//! stdout: struct_funcs ok
//! calls: main.main -> main.glob..func1
//! calls: main.main -> main.memo.func1
//! calls: main.main -> main.pow

// A table-driven dispatcher: a []struct{name string; fn func(a, b int) int}
// mixing func literals and top-level funcs, a map of operator symbols to
// funcs driving a small RPN evaluator, a recursive closure declared with
// var fib func(int) int (the closure captures its own variable), and a
// memoizing wrapper that takes and returns func values.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

func sub(a, b int) int { return a - b }

func pow(a, b int) int {
	r := 1
	for ; b > 0; b-- {
		r *= a
	}
	return r
}

var table = []struct {
	name string
	fn   func(a, b int) int
}{
	{"add", func(a, b int) int { return a + b }},
	{"sub", sub},
	{"mul", func(a, b int) int { return a * b }},
	{"div", func(a, b int) int { return a / b }},
	{"mod", func(a, b int) int { return a % b }},
	{"pow", pow},
}

func rpn(expr string, ops map[string]func(a, b int) int) (int, error) {
	var st []int
	for _, tok := range strings.Fields(expr) {
		if f, ok := ops[tok]; ok {
			if len(st) < 2 {
				return 0, fmt.Errorf("stack underflow at %q", tok)
			}
			a, b := st[len(st)-2], st[len(st)-1]
			st = append(st[:len(st)-2], f(a, b))
			continue
		}
		v, err := strconv.Atoi(tok)
		if err != nil {
			return 0, err
		}
		st = append(st, v)
	}
	if len(st) != 1 {
		return 0, fmt.Errorf("bad expression")
	}
	return st[0], nil
}

func memo(f func(func(int) int64, int) int64) func(int) int64 {
	cache := map[int]int64{}
	var self func(int) int64
	self = func(n int) int64 {
		if v, ok := cache[n]; ok {
			return v
		}
		v := f(self, n)
		cache[n] = v
		return v
	}
	return self
}

func main() {
	var parts []string
	want := []int{19, 11, 60, 3, 3, 50625}
	for i, e := range table {
		a, b := 15, 4
		r := e.fn(a, b)
		if r != want[i] {
			fail("%s = %d, want %d", e.name, r, want[i])
		}
		parts = append(parts, fmt.Sprintf("%s=%d", e.name, r))
	}
	fmt.Printf("table: %s\n", strings.Join(parts, " "))

	ops := map[string]func(a, b int) int{}
	for sym, name := range map[string]string{"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod", "^": "pow"} {
		for _, e := range table {
			if e.name == name {
				ops[sym] = e.fn
			}
		}
	}
	expr := "3 4 + 2 * 7 -"
	v, err := rpn(expr, ops)
	if err != nil || v != 7 {
		fail("rpn %d %v", v, err)
	}
	fmt.Printf("expr %s = %d\n", expr, v)
	if v, err := rpn("2 10 ^ 1000 %", ops); err != nil || v != 24 {
		fail("rpn pow/mod %d %v", v, err)
	}
	if _, err := rpn("1 +", ops); err == nil {
		fail("rpn underflow not detected")
	}

	calls := 0
	var fib func(int) int
	fib = func(n int) int {
		calls++
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	f25 := fib(25)
	fmt.Printf("fib(25) = %d\n", f25)
	if f25 != 75025 || calls != 242785 {
		fail("fib(25)=%d calls=%d", f25, calls)
	}

	mfib := memo(func(self func(int) int64, n int) int64 {
		if n < 2 {
			return int64(n)
		}
		return self(n-1) + self(n-2)
	})
	m80 := mfib(80)
	fmt.Printf("memo fib(80) = %d\n", m80)
	if m80 != 23416728348467685 {
		fail("memo fib %d", m80)
	}
	fmt.Println("struct_funcs ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
