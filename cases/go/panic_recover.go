//! go: 1.13
//! exit: 0
//! stdout: custom error: code 42: bad input
//! stdout: re-panic: outer caught inner: wrapped
//! stdout: recover outside panic: <nil>
//! stdout: index error: runtime error: index out of range [5] with length 3
//! stdout: nil map write: assignment to entry in nil map
//! stdout: divide: runtime error: integer divide by zero
//! stdout: panic_recover ok

// panic and recover through deferred closures: custom error types as panic
// values (recovered and matched with errors.As), re-panicking from a deferred
// func, recover() returning nil when not panicking and when not called
// directly by the deferred func, and runtime.Error panics from the runtime:
// index out of range, nil map write and integer divide by zero (all raised by
// explicit checks, not by signals).
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

type codeError struct {
	code int
	msg  string
}

func (e *codeError) Error() string { return fmt.Sprintf("code %d: %s", e.code, e.msg) }

func catch(f func()) (v interface{}) {
	defer func() { v = recover() }()
	f()
	return nil
}

func helperRecover() interface{} { return recover() }

//go:noinline
func index(s []int, i int) int { return s[i] }

//go:noinline
func div(a, b int) int { return a / b }

func main() {
	v := catch(func() { panic(&codeError{42, "bad input"}) })
	var ce *codeError
	err, ok := v.(error)
	if !ok || !errors.As(err, &ce) || ce.code != 42 {
		fail("custom error %v", v)
	}
	fmt.Printf("custom error: %v\n", err)

	// Re-panic: inner recovers then panics with a new value.
	v = catch(func() {
		defer func() {
			if r := recover(); r != nil {
				panic(fmt.Errorf("inner: %w", r.(error)))
			}
		}()
		panic(errors.New("wrapped"))
	})
	fmt.Printf("re-panic: outer caught %v\n", v)
	if e, ok := v.(error); !ok || errors.Unwrap(e) == nil || errors.Unwrap(e).Error() != "wrapped" {
		fail("re-panic %v", v)
	}

	r := recover()
	fmt.Printf("recover outside panic: %v\n", r)
	if r != nil {
		fail("recover outside panic")
	}
	// recover not called directly by the deferred function returns nil,
	// so the panic continues to the outer catch.
	var inner interface{} = "unset"
	v = catch(func() {
		defer func() { inner = helperRecover() }()
		panic("keeps going")
	})
	if inner != nil || v != "keeps going" {
		fail("indirect recover: inner=%v v=%v", inner, v)
	}

	v = catch(func() { index([]int{1, 2, 3}, 5) })
	re, ok := v.(runtime.Error)
	if !ok {
		fail("index panic is %T", v)
	}
	fmt.Printf("index error: %v\n", re)

	v = catch(func() {
		var m map[string]int
		m["x"] = 1
	})
	if _, ok := v.(runtime.Error); !ok {
		fail("nil map is %T", v)
	}
	fmt.Printf("nil map write: %v\n", v)
	if v.(error).Error() != "assignment to entry in nil map" {
		fail("nil map %v", v)
	}

	v = catch(func() { div(1, 0) })
	if e, ok := v.(runtime.Error); !ok || e.Error() != "runtime error: integer divide by zero" {
		fail("divide %v", v)
	}
	fmt.Printf("divide: %v\n", v)

	// Panic values of several types.
	for _, p := range []interface{}{1, "s", 2.5, struct{ a int }{3}} {
		if got := catch(func() { panic(p) }); got != p {
			fail("panic value %v != %v", got, p)
		}
	}
	fmt.Println("panic_recover ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
