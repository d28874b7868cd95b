//! go: 1.1
//! exit: 0
//! stdout: areas: 12 28 3
//! stdout: embedded: base-hello derived-bye
//! stdout: kinds: int=1 string=1 shape=2 func=1 nil=1 other=1
//! stdout: F.Apply: 11 then 22
//! stdout: interfaces ok

// Interface method calls (dynamic dispatch through itabs), struct and
// interface embedding with promoted and overridden methods, type switches and
// assertions, and a named func type with methods (type F func(int) int) stored
// in an interface, so the interface call ends in a func value call.
package main

import (
	"fmt"
	"os"
)

type Shape interface{ Area() int }
type Rect struct{ w, h int }
type Square struct{ s int }
type Tri struct{ b, h int }

func (r Rect) Area() int    { return r.w * r.h }
func (s *Square) Area() int { return s.s * s.s }
func (t Tri) Area() int     { return t.b * t.h / 2 }

type Greeter interface {
	Hello() string
	Bye() string
}
type Base struct{ name string }

func (b Base) Hello() string { return b.name + "-hello" }
func (b Base) Bye() string   { return b.name + "-bye" }

type Derived struct {
	Base
}

func (d Derived) Bye() string { return "derived-bye" }

type Named interface{ Name() string }
type NamedShape interface {
	Shape
	Named
}
type Disk struct{ r int }

func (d Disk) Area() int    { return 3 * d.r * d.r }
func (d Disk) Name() string { return "disk" }

type F func(int) int

func (f F) Apply(x int) int { return f(x) }
func (f F) Twice(x int) int { return f(f(x)) }

type Applier interface {
	Apply(int) int
	Twice(int) int
}

func kind(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int:
		return "int"
	case string:
		return "string"
	case Shape:
		_ = x.Area()
		return "shape"
	case func(int) int:
		return "func"
	default:
		return "other"
	}
}

func main() {
	shapes := []Shape{Rect{3, 4}, &Square{5}, Tri{2, 3}}
	areas := []int{}
	for _, s := range shapes {
		areas = append(areas, s.Area())
	}
	if areas[0] != 12 || areas[1] != 25 || areas[2] != 3 {
		fail("areas %v", areas)
	}
	shapes[1] = Disk{1}
	areas[1] = shapes[1].Area() + 25
	fmt.Printf("areas: %d %d %d\n", areas[0], areas[1], areas[2])

	var g Greeter = Derived{Base{"base"}}
	fmt.Printf("embedded: %s %s\n", g.Hello(), g.Bye())
	if g.Hello() != "base-hello" || g.Bye() != "derived-bye" {
		fail("embedding")
	}

	var ns NamedShape = Disk{2}
	var sh Shape = ns
	if n, ok := sh.(Named); !ok || n.Name() != "disk" || sh.Area() != 12 {
		fail("interface conversion")
	}
	if _, ok := sh.(Greeter); ok {
		fail("Disk is not a Greeter")
	}

	counts := map[string]int{}
	for _, v := range []interface{}{1, "s", Rect{1, 1}, &Square{2}, func(x int) int { return x }, nil, 2.5} {
		counts[kind(v)]++
	}
	fmt.Printf("kinds: int=%d string=%d shape=%d func=%d nil=%d other=%d\n",
		counts["int"], counts["string"], counts["shape"], counts["func"], counts["nil"], counts["other"])
	if counts["shape"] != 2 || counts["func"] != 1 || counts["other"] != 1 {
		fail("kinds %v", counts)
	}

	add := 1
	var a Applier = F(func(x int) int { return x + add })
	r1 := a.Apply(10)
	add = 11
	r2 := a.Twice(0)
	fmt.Printf("F.Apply: %d then %d\n", r1, r2)
	if r1 != 11 || r2 != 22 {
		fail("F.Apply %d %d", r1, r2)
	}
	// Back out of the interface as the func type, then as the plain func.
	if f, ok := a.(F); !ok || f(1) != 12 || (func(int) int)(f)(2) != 13 {
		fail("assert F")
	}
	// Method value of an interface holding a func type.
	tw := a.Twice
	if tw(1) != 23 {
		fail("Twice method value %d", tw(1))
	}
	fmt.Println("interfaces ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
