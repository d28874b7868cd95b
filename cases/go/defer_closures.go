//! go: 1.13
//! exit: 0
//! stdout: open-coded order: 3 2 1
//! stdout: loop defers: 9 8 7 6 5 4 3 2 1 0
//! stdout: named result: 142
//! stdout: recovered: boom 7
//! stdout: nested: second (first was replaced)
//! stdout: defer args evaluated early: 1 2
//! stdout: defer_closures ok
//! calls: main.deferArgs.func2 -> main.deferArgs.func2.1
//! calls: main.namedResult -> main.namedResult.func1
//! calls: main.loopDefers.func2 -> main.loopDefers.func1

// Deferred closures: open-coded defers (few, not in a loop), defers in a loop
// (heap-allocated defer records run from the defer chain), deferred
// closures modifying named results, recover() in a deferred closure after an
// explicit panic, a panic raised while a deferred call runs during panicking,
// and deferred method values and func values whose arguments are evaluated early.
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

var trace []string

func openCoded() {
	defer func() { trace = append(trace, "1") }()
	defer func() { trace = append(trace, "2") }()
	defer func() { trace = append(trace, "3") }()
}

func loopDefers(n int) (out []string) {
	for i := 0; i < n; i++ {
		defer func(i int) { out = append(out, fmt.Sprint(i)) }(i)
	}
	return nil
}

func namedResult(x int) (r int, err error) {
	defer func() {
		if err == nil {
			r += 100
		}
	}()
	defer func() { r *= 2 }()
	return x, nil
}

func recoverer(n int) (msg string) {
	defer func() {
		if e := recover(); e != nil {
			msg = fmt.Sprintf("recovered: %v", e)
		}
	}()
	if n > 5 {
		panic(fmt.Sprintf("boom %d", n))
	}
	return "no panic"
}

func nested() (res string) {
	defer func() {
		e := recover()
		res = fmt.Sprint(e)
	}()
	defer func() {
		panic("second")
	}()
	panic("first")
}

type acc struct{ log []string }

func (a *acc) add(s string) { a.log = append(a.log, s) }

func deferArgs() string {
	a := &acc{}
	x := 1
	f := func(v int) { a.add(fmt.Sprint(v)) }
	func() {
		defer f(x) // x evaluated now: 1
		x = 2
		defer a.add(fmt.Sprint(x)) // method value, arg evaluated now: "2"
		x = 3
	}()
	return strings.Join(a.log, " ")
}

var errSentinel = errors.New("sentinel")

func deferErr() (err error) {
	defer func() {
		if e := recover(); e != nil {
			err = e.(error)
		}
	}()
	panic(errSentinel)
}

func main() {
	openCoded()
	fmt.Printf("open-coded order: %s\n", strings.Join(trace, " "))
	if strings.Join(trace, "") != "321" {
		fail("open-coded order")
	}

	ld := loopDefers(10)
	fmt.Printf("loop defers: %s\n", strings.Join(ld, " "))
	if len(ld) != 10 || ld[0] != "9" || ld[9] != "0" {
		fail("loop defers")
	}

	r, _ := namedResult(21)
	fmt.Printf("named result: %d\n", r)
	if r != 142 {
		fail("named result %d", r)
	}

	if m := recoverer(1); m != "no panic" {
		fail("recoverer(1) = %q", m)
	}
	m := recoverer(7)
	fmt.Println(m)
	if m != "recovered: boom 7" {
		fail("recoverer(7) = %q", m)
	}

	n := nested()
	if n != "second" {
		fail("nested = %q", n)
	}
	fmt.Printf("nested: %s (first was replaced)\n", n)

	da := deferArgs()
	if da != "2 1" {
		fail("deferArgs %q", da)
	}
	fmt.Printf("defer args evaluated early: 1 2\n")

	if err := deferErr(); !errors.Is(err, errSentinel) {
		fail("deferErr %v", err)
	}

	// Many defers in a deep-ish recursion.
	var rec func(int) int
	total := 0
	rec = func(d int) int {
		if d == 0 {
			return 0
		}
		defer func() { total += d }()
		return rec(d-1) + 1
	}
	if rec(200) != 200 || total != 200*201/2 {
		fail("recursive defers total=%d", total)
	}
	fmt.Println("defer_closures ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
