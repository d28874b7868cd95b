//! exit: 0
//! stdout: deferred closures set the result: 30
//! stdout: recovered in a deferred closure: boom 7
//! stdout: goroutine closures summed: 4950
//! stdout: func fields, maps and recursion: 11 -4 120
//! stdout: interface methods around closures: 42
//! stdout: go1_closures ok

// Closures written as Go 1.0 allowed, so that every toolchain since golang/go 1903ad7
// (2013) builds this program: deferred closures that change named results, recover in
// a deferred closure, closures started as goroutines, func values in struct fields and
// maps, a recursive closure through a variable, and interface method calls beside func
// value calls. (The other cases in cases/go use later Go: sort.Slice, method values,
// strings.Builder, generics.)
package main

import (
	"fmt"
	"os"
)

func deferredResult(n int) (r int) {
	add := func(k int) { r += k }
	defer func() { add(n) }()
	defer func() { r *= 2 }()
	return n
}

func recovered(code int) (msg string) {
	defer func() {
		if e := recover(); e != nil {
			msg = fmt.Sprint(e, " ", code)
		}
	}()
	panic("boom")
}

type op struct {
	name string
	f    func(int, int) int
}

type shape interface {
	area() int
}

type rect struct{ w, h int }

func (r rect) area() int { return r.w * r.h }

type scaled struct {
	s     shape
	scale func(int) int
}

func (s scaled) area() int { return s.scale(s.s.area()) }

func main() {
	if r := deferredResult(10); r != 30 {
		fail("deferredResult = %d", r)
	}
	fmt.Println("deferred closures set the result:", deferredResult(10))
	fmt.Println("recovered in a deferred closure:", recovered(7))

	results := make(chan int)
	for i := 0; i < 100; i++ {
		go func(k int) { results <- k }(i)
	}
	sum := 0
	for i := 0; i < 100; i++ {
		sum += <-results
	}
	fmt.Println("goroutine closures summed:", sum)

	ops := []op{{"add", func(a, b int) int { return a + b }}, {"sub", func(a, b int) int { return a - b }}}
	byName := map[string]func(int, int) int{}
	for _, o := range ops {
		byName[o.name] = o.f
	}
	var fact func(int) int
	fact = func(n int) int {
		if n <= 1 {
			return 1
		}
		return n * fact(n-1)
	}
	fmt.Println("func fields, maps and recursion:", byName["add"](4, 7), byName["sub"](3, 7), fact(5))

	offset := 2
	var s shape = scaled{rect{4, 5}, func(a int) int { return 2*a + offset }}
	if s.area() != 42 {
		fail("area = %d", s.area())
	}
	fmt.Println("interface methods around closures:", s.area())
	fmt.Println("go1_closures ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
