//! go: 1.18
//! exit: 0
//! stdout: map squares: [1 4 9 16 25]
//! stdout: filter even: [2 4]
//! stdout: reduce sum: 15
//! stdout: strings: [A! B! C!] joined=abc
//! stdout: stack method values: pushed 3, popped 30 20 10
//! stdout: generic max: 9 z 2.5
//! stdout: generics ok

// Go 1.18 generics with func values: generic Map/Filter/Reduce taking func
// parameters (shape-instantiated code with a dictionary argument, calling
// the func value inside), instantiated for ints, strings and structs; a
// generic Stack[T] whose methods are taken as method values and passed
// around as plain funcs; a generic func instantiated and stored as a func
// value; and a constraint with a method called through a type parameter.
package main

import (
	"fmt"
	"os"
	"strings"
)

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

type Ordered interface {
	~int | ~int64 | ~float64 | ~string
}

func Max[T Ordered](xs ...T) T {
	m := xs[0]
	for _, x := range xs[1:] {
		if x > m {
			m = x
		}
	}
	return m
}

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(x T) { s.items = append(s.items, x) }
func (s *Stack[T]) Pop() T {
	x := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return x
}
func (s *Stack[T]) Len() int { return len(s.items) }

type Stringer interface{ String() string }

type point struct{ x, y int }

func (p point) String() string { return fmt.Sprintf("(%d,%d)", p.x, p.y) }

func JoinAll[T Stringer](xs []T) string {
	return strings.Join(Map(xs, T.String), " ")
}

func main() {
	nums := []int{1, 2, 3, 4, 5}
	sq := Map(nums, func(x int) int { return x * x })
	fmt.Printf("map squares: %v\n", sq)
	ev := Filter(nums, func(x int) bool { return x%2 == 0 })
	fmt.Printf("filter even: %v\n", ev)
	sum := Reduce(nums, 0, func(a, x int) int { return a + x })
	fmt.Printf("reduce sum: %d\n", sum)
	if fmt.Sprint(sq) != "[1 4 9 16 25]" || fmt.Sprint(ev) != "[2 4]" || sum != 15 {
		fail("map/filter/reduce")
	}

	suffix := "!"
	up := Map([]string{"a", "b", "c"}, func(s string) string { return strings.ToUpper(s) + suffix })
	joined := Reduce([]string{"a", "b", "c"}, "", func(a, s string) string { return a + s })
	fmt.Printf("strings: %v joined=%s\n", up, joined)

	// Instantiated generic funcs as func values.
	var mapInt func([]int, func(int) int) []int = Map[int, int]
	lens := Map([]string{"x", "yy", "zzz"}, func(s string) int { return len(s) })
	if fmt.Sprint(mapInt(lens, func(x int) int { return x + 1 })) != "[2 3 4]" {
		fail("Map[int,int] value")
	}

	// Method values of a generic type.
	st := &Stack[int]{}
	push, pop, n := st.Push, st.Pop, st.Len
	for _, v := range []int{10, 20, 30} {
		push(v)
	}
	pushed := n()
	a, b, c := pop(), pop(), pop()
	fmt.Printf("stack method values: pushed %d, popped %d %d %d\n", pushed, a, b, c)
	if pushed != 3 || a != 30 || c != 10 || n() != 0 {
		fail("stack")
	}
	// Method expression of an instantiated generic type.
	pe := (*Stack[string]).Push
	ss := &Stack[string]{}
	pe(ss, "q")
	if ss.Pop() != "q" {
		fail("method expression")
	}

	fmt.Printf("generic max: %v %v %v\n", Max(3, 9, 2), Max("a", "z", "m"), Max(1.5, 2.5))

	pts := []point{{1, 2}, {3, 4}}
	if s := JoinAll(pts); s != "(1,2) (3,4)" {
		fail("JoinAll %q", s)
	}
	total := Reduce(Map(pts, func(p point) int { return p.x * p.y }), 0, func(a, x int) int { return a + x })
	if total != 14 {
		fail("struct pipeline %d", total)
	}
	fmt.Println("generics ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
