//! go: 1.4
//! exit: 0
//! stdout: nil pointer: runtime error: invalid memory address or nil pointer dereference
//! stdout: nil func call: runtime error: invalid memory address or nil pointer dereference
//! stdout: divide by zero: runtime error: integer divide by zero
//! stdout: nil map write: assignment to entry in nil map
//! stdout: runtime_faults ok

// Hardware faults that Go turns into recoverable panics. A nil pointer dereference and
// a call through a nil func value fault on a memory access (SIGSEGV); the runtime's
// signal handler rewrites the saved context to call runtime.sigpanic, and
// rt_sigreturn must resume there. (An integer division by zero is checked in software
// by Go on every arch, runtime.panicdivide: no SIGFPE.) Each is recovered by a deferred
// closure, several times over, so that signal delivery and return work repeatedly.
package main

import (
	"fmt"
	"os"
)

type point struct{ x, y int }

//go:noinline
func deref(p *point) int { return p.y }

//go:noinline
func call(f func(int) int) int { return f(1) }

//go:noinline
func divide(a, b int) int { return a / b }

func catch(what string, f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return "no panic"
}

func main() {
	var zero int
	cases := []struct {
		name string
		f    func()
	}{
		{"nil pointer", func() { fmt.Println(deref(nil)) }},
		{"nil func call", func() { fmt.Println(call(nil)) }},
		{"divide by zero", func() { fmt.Println(divide(42, zero)) }},
		{"nil map write", func() { var m map[string]int; m["x"] = 1 }},
	}
	for round := 0; round < 3; round++ {
		for _, c := range cases {
			msg := catch(c.name, c.f)
			if round == 0 {
				fmt.Printf("%s: %s\n", c.name, msg)
			} else if msg == "no panic" {
				fmt.Println("FAIL: no panic on round", round, "for", c.name)
				os.Exit(1)
			}
		}
	}
	fmt.Println("runtime_faults ok")
}
