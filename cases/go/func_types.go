//! go: 1.1
//! exit: 0
//! stdout: named func type: 7 then 14 / chained 17
//! stdout: nil checks: nil=true set=true
//! stdout: method values in map: inc=11 add=15 get=15
//! stdout: via interface{}: 81 ok=true / wrong type ok=false
//! stdout: variadic: 0 6 15 / spread 10
//! stdout: strings.Map: H*LL* W*RLD
//! stdout: strings.FieldsFunc: [a b c d] 4
//! stdout: sort.Search: 6 10
//! stdout: func_types ok
//! calls: main.IntFn.Twice -> main.main.func1
//! calls: main.IntFn.Then.func1 -> main.main.func2
//! calls: main.main -> main.(*Counter).Inc-fm

// Named func types with methods (a method whose receiver is a func value),
// func values compared with nil, a map from string to func values holding
// method values bound to a pointer receiver, a func value stored in an
// interface{} and type-asserted back (to its own and a wrong func type),
// variadic func values, and standard library functions taking func
// arguments: strings.Map, strings.FieldsFunc and sort.Search.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"
)

// IntFn is a named func type with methods.
type IntFn func(int) int

func (f IntFn) Twice(x int) int { return f(f(x)) }

func (f IntFn) Then(g IntFn) IntFn { return func(x int) int { return g(f(x)) } }

type Handler func(string) string

func (h Handler) OrDefault(s string) string {
	if h == nil {
		return "default:" + s
	}
	return h(s)
}

type Counter struct{ n int }

func (c *Counter) Inc(int) int   { c.n++; return c.n }
func (c *Counter) Add(d int) int { c.n += d; return c.n }
func (c *Counter) Get(int) int   { return c.n }

type Summer func(...int) int

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	var addThree IntFn = func(x int) int { return x + 3 }
	double := IntFn(func(x int) int { return 2 * x })
	a := addThree(4)
	b := double(a)
	chained := addThree.Then(double).Then(addThree)(4) // ((4+3)*2)+3
	tw := addThree.Twice(1)
	fmt.Printf("named func type: %d then %d / chained %d\n", a, b, chained)
	if a != 7 || b != 14 || chained != 17 || tw != 7 {
		fail("named func type %d %d %d %d", a, b, chained, tw)
	}

	// nil comparisons, including a method call on a nil func value.
	var h Handler
	isNil := h == nil
	if h.OrDefault("x") != "default:x" {
		fail("nil handler")
	}
	h = strings.ToUpper
	set := h != nil
	if h.OrDefault("x") != "X" {
		fail("set handler")
	}
	fmt.Printf("nil checks: nil=%v set=%v\n", isNil, set)
	if !isNil || !set {
		fail("nil checks")
	}

	// Method values bound to one *Counter stored in a map.
	c := &Counter{n: 10}
	ops := map[string]func(int) int{
		"inc": c.Inc,
		"add": c.Add,
		"get": c.Get,
	}
	r1 := ops["inc"](0)
	r2 := ops["add"](4)
	r3 := ops["get"](0)
	if _, ok := ops["missing"]; ok {
		fail("missing op present")
	}
	fmt.Printf("method values in map: inc=%d add=%d get=%d\n", r1, r2, r3)
	if r1 != 11 || r2 != 15 || r3 != 15 || c.n != 15 {
		fail("method values %d %d %d %d", r1, r2, r3, c.n)
	}

	// Through interface{} and back.
	var any interface{} = IntFn(func(x int) int { return x * x })
	sq, ok := any.(IntFn)
	var v int
	if ok {
		v = sq.Twice(3)
	}
	_, wrong := any.(func(int) int) // different (unnamed) type
	fmt.Printf("via interface{}: %d ok=%v / wrong type ok=%v\n", v, ok, wrong)
	if v != 81 || !ok || wrong {
		fail("interface assert %d %v %v", v, ok, wrong)
	}
	var plain interface{} = func(s string) int { return len(s) }
	switch f := plain.(type) {
	case func(string) int:
		if f("abcd") != 4 {
			fail("type switch call")
		}
	default:
		fail("type switch missed")
	}

	// Variadic func values.
	var s Summer = sum
	f := func(xs ...int) int { return s(xs...) }
	v0, v1, v2 := f(), f(1, 2, 3), s(4, 5, 6)
	nums := []int{1, 2, 3, 4}
	v3 := f(nums...)
	fmt.Printf("variadic: %d %d %d / spread %d\n", v0, v1, v2, v3)
	if v0 != 0 || v1 != 6 || v2 != 15 || v3 != 10 {
		fail("variadic %d %d %d %d", v0, v1, v2, v3)
	}

	// strings.Map with a closure; returning -1 drops the rune.
	vowels := "AEIOU"
	mapped := strings.Map(func(r rune) rune {
		if r == '!' {
			return -1
		}
		r = unicode.ToUpper(r)
		if strings.ContainsRune(vowels, r) {
			return '*'
		}
		return r
	}, "hello world!")
	fmt.Printf("strings.Map: %s\n", mapped)
	if mapped != "H*LL* W*RLD" {
		fail("strings.Map %q", mapped)
	}

	// strings.FieldsFunc with a named func type converted back to func(rune) bool.
	type pred func(rune) bool
	var sep pred = func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }
	fields := strings.FieldsFunc("a, b;;c  d,", sep)
	fmt.Printf("strings.FieldsFunc: %v %d\n", fields, len(fields))
	if strings.Join(fields, "") != "abcd" {
		fail("FieldsFunc %q", fields)
	}

	// sort.Search with closures over a sorted slice.
	sorted := []int{1, 3, 5, 7, 9, 11, 13, 15, 17, 19}
	target := 13
	i1 := sort.Search(len(sorted), func(i int) bool { return sorted[i] >= target })
	i2 := sort.Search(len(sorted), func(i int) bool { return sorted[i] > 100 })
	fmt.Printf("sort.Search: %d %d\n", i1, i2)
	if i1 != 6 || i2 != 10 {
		fail("sort.Search %d %d", i1, i2)
	}
	fmt.Println("func_types ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
