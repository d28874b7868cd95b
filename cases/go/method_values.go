//! go: 1.1
//! exit: 0
//! stdout: value receiver bound copy: 5
//! stdout: pointer receiver bound: 7
//! stdout: method expressions: 10 11
//! stdout: interface method value: circle
//! stdout: method_values ok
//! calls: main.call0 -> main.Num.Get-fm
//! calls: main.call0 -> main.(*Num).Val-fm
//! calls: main.call1 -> main.(*Num).Add-fm
//! calls: main.main -> main.Big.Sum-fm
//! calls: main.main -> main.Shape.Name-fm

// Method values and method expressions as func values: f := v.M bound to value
// receivers (receiver copied at evaluation time) and pointer receivers (shared),
// T.M and (*T).M method expressions taking the receiver as first argument,
// method values taken from interfaces, and all of them passed to other funcs.
package main

import (
	"fmt"
	"os"
	"sort"
)

type Num struct{ n int }

func (v Num) Get() int       { return v.n }
func (v Num) Plus(d int) int { return v.n + d }
func (p *Num) Add(d int)     { p.n += d }
func (p *Num) Val() int      { return p.n }

type Shape interface{ Name() string }
type Circle struct{ r int }

func (c Circle) Name() string { return "circle" }

type Big struct {
	a, b, c, d, e int64
	s             string
}

func (b Big) Sum() int64 { return b.a + b.b + b.c + b.d + b.e + int64(len(b.s)) }

//go:noinline
func call0(f func() int) int { return f() }

//go:noinline
func call1(f func(int), x int) { f(x) }

func main() {
	v := Num{5}
	get := v.Get // copies v now
	v.n = 100
	if get() != 5 {
		fail("value receiver bound: %d", get())
	}
	fmt.Printf("value receiver bound copy: %d\n", call0(get))

	p := &Num{1}
	add := p.Add
	val := p.Val
	call1(add, 2)
	call1(add, 4)
	if p.n != 7 || call0(val) != 7 {
		fail("pointer receiver: %d", p.n)
	}
	fmt.Printf("pointer receiver bound: %d\n", call0(val))

	// Value method through pointer: p.Get binds a copy of *p.
	pg := p.Get
	p.n = 50
	if pg() != 7 {
		fail("p.Get copy: %d", pg())
	}

	// Method expressions.
	ge := Num.Get
	pe := (*Num).Add
	ple := Num.Plus
	q := Num{10}
	pe(&q, 1)
	if ge(q) != 11 || ple(q, -1) != 10 {
		fail("method expressions %d %d", ge(q), ple(q, -1))
	}
	fmt.Printf("method expressions: %d %d\n", ple(q, -1), ge(q))
	var pge func(*Num) int = (*Num).Get // value method via pointer type
	if pge(&q) != 11 {
		fail("(*Num).Get")
	}

	// Method value from an interface.
	var s Shape = Circle{2}
	nm := s.Name
	s = nil
	fmt.Printf("interface method value: %s\n", nm())

	// Large receiver copied into the closure.
	b := Big{1, 2, 3, 4, 5, "abc"}
	sum := b.Sum
	b.a = 1000
	if sum() != 18 {
		fail("Big.Sum %d", sum())
	}

	// Method values in a slice, used as a sort key table.
	nums := []*Num{{3}, {1}, {2}}
	getters := make([]func() int, len(nums))
	for i, x := range nums {
		getters[i] = x.Val
	}
	nums[0].n = 9
	vals := []int{}
	for _, g := range getters {
		vals = append(vals, g())
	}
	sort.Ints(vals)
	if fmt.Sprint(vals) != "[1 2 9]" {
		fail("getters %v", vals)
	}
	fmt.Println("method_values ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
