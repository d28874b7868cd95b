//! go: 1.7
//! exit: 0
//! stdout: closure frames: main.main.func1 <- main.apply <- main.main
//! stdout: method value frames: main.(*counter).record <- main.apply <- main.main
//! stdout: deferred frames: main.deferred.func1 <- main.deferred <- main.main
//! stdout: goroutine frames: main.main.func2.1 <- main.apply <- main.main.func2
//! stdout: debug.Stack mentions main.apply: true
//! stdout: callers ok

// Stack unwinding across func value calls: runtime.Callers and
// runtime.CallersFrames from inside a closure called through a func-typed
// parameter, from a method value (whose -fm wrapper is elided), from a
// deferred closure, and from a closure run by a go statement. Only the
// function names are printed, never file paths, line numbers or addresses.
// runtime/debug.Stack() taken inside the closure must mention main.apply.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// names returns the function names of the caller's stack, innermost first,
// stopping after the first frame not in package main.
func names(skip int) []string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(skip+2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var out []string
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "main.") {
			break
		}
		out = append(out, f.Function)
		if !more {
			break
		}
	}
	return out
}

//go:noinline
func apply(f func()) { f() }

type counter struct{ stack []string }

func (c *counter) record() { c.stack = names(0) }

//go:noinline
func deferred() (s []string) {
	defer func() { s = names(0) }()
	return nil
}

func main() {
	var got []string
	var stack string
	apply(func() {
		got = names(0)
		stack = string(debug.Stack())
	})
	fmt.Printf("closure frames: %s\n", strings.Join(got, " <- "))
	if strings.Join(got, ",") != "main.main.func1,main.apply,main.main" {
		fail("closure frames %v", got)
	}
	hasApply := strings.Contains(stack, "main.apply")
	fmt.Printf("debug.Stack mentions main.apply: %v\n", hasApply)
	if !hasApply || !strings.Contains(stack, "main.main.func1") {
		fail("debug.Stack:\n%s", stack)
	}

	c := &counter{}
	apply(c.record)
	fmt.Printf("method value frames: %s\n", strings.Join(c.stack, " <- "))
	if strings.Join(c.stack, ",") != "main.(*counter).record,main.apply,main.main" {
		fail("method value frames %v", c.stack)
	}

	d := deferred()
	fmt.Printf("deferred frames: %s\n", strings.Join(d, " <- "))
	if strings.Join(d, ",") != "main.deferred.func1,main.deferred,main.main" {
		fail("deferred frames %v", d)
	}

	done := make(chan []string)
	var gs []string
	go func() {
		apply(func() { gs = names(0) })
		done <- gs
	}()
	gs = <-done
	fmt.Printf("goroutine frames: %s\n", strings.Join(gs, " <- "))
	if strings.Join(gs, ",") != "main.main.func2.1,main.apply,main.main.func2" {
		fail("goroutine frames %v", gs)
	}
	fmt.Println("callers ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
