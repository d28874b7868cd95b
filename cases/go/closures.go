//! exit: 0
//! stdout: counter: 1 2 3 / 1
//! stdout: adder chain: 111
//! stdout: table: 42 7 -3
//! stdout: via interface: 30
//! stdout: closures ok
//! calls: main.callTwice -> main.double
//! calls: main.callTwice -> main.negate
//! calls: main.holder.apply -> main.main.func5
//! calls: main.main -> main.main.func3
//! calls: main.main -> main.main.func4
//! calls: main.main -> main.double
//! calls: main.main -> main.negate

// Closures called through func variables: captured variables shared by
// reference, independent counters, closures that return closures, top-level
// funcs used as values, and func values kept in structs, maps and slices,
// including a func-typed struct field reached through an interface method.
package main

import (
	"fmt"
	"os"
	"strings"
)

func double(x int) int { return 2 * x }
func negate(x int) int { return -x }

func makeCounter() func() int {
	n := 0
	return func() int { n++; return n }
}

func makeAdder(a int) func(int) func(int) int {
	return func(b int) func(int) int {
		return func(c int) int { return a + b + c }
	}
}

type op struct {
	name string
	fn   func(int) int
}

type applier interface{ apply(int) int }

type holder struct{ f func(int) int }

func (h holder) apply(x int) int { return h.f(x) }

//go:noinline
func callTwice(f func(int) int, x int) int { return f(f(x)) }

func main() {
	// Capture by reference: the closure sees later writes and its writes are seen.
	x := 1
	inc := func() { x += 10 }
	get := func() int { return x }
	inc()
	x++
	inc()
	if get() != 22 || x != 22 {
		fail("capture by reference: x=%d get=%d", x, get())
	}

	c1, c2 := makeCounter(), makeCounter()
	a, b, c := c1(), c1(), c1()
	d := c2()
	if a != 1 || b != 2 || c != 3 || d != 1 {
		fail("counters %d %d %d %d", a, b, c, d)
	}
	fmt.Printf("counter: %d %d %d / %d\n", a, b, c, d)

	chain := makeAdder(100)(10)(1)
	if chain != 111 {
		fail("adder chain %d", chain)
	}
	fmt.Printf("adder chain: %d\n", chain)

	// Top-level funcs as values, in a slice, a map and a struct.
	var f func(int) int = double
	if callTwice(f, 3) != 12 || callTwice(negate, 5) != 5 {
		fail("callTwice")
	}
	ops := []op{
		{"double", double},
		{"inc", func(v int) int { return v + 1 }},
		{"neg", negate},
	}
	m := map[string]func(int) int{}
	for _, o := range ops {
		m[o.name] = o.fn
	}
	r1 := m["double"](21)
	r2 := ops[1].fn(6)
	r3 := m["neg"](3)
	if r1 != 42 || r2 != 7 || r3 != -3 {
		fail("table %d %d %d", r1, r2, r3)
	}
	fmt.Printf("table: %d %d %d\n", r1, r2, r3)

	// Closures built in a loop capture a per-iteration copy.
	var fs []func() string
	for _, w := range []string{"a", "b", "c"} {
		w := w
		fs = append(fs, func() string { return strings.ToUpper(w) })
	}
	got := ""
	for _, g := range fs {
		got += g()
	}
	if got != "ABC" {
		fail("loop closures %q", got)
	}

	// Func-typed field called through an interface.
	k := 3
	var ap applier = holder{f: func(v int) int { return v * k }}
	k = 6
	if v := ap.apply(5); v != 30 {
		fail("via interface %d", v)
	}
	fmt.Printf("via interface: %d\n", ap.apply(5))

	// nil func comparison
	var nf func()
	if nf != nil {
		fail("nil func")
	}
	fmt.Println("closures ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
