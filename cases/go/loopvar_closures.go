//! exit: 0
//! stdout: shared loop var: 3 3 3
//! stdout: copied loop var: 0 1 2
//! stdout: range copy: a b c / shared: c c c
//! stdout: goroutines over slice: 1 4 9 16 25 36 49 64
//! stdout: once: ran 1 time(s), value 42
//! stdout: shared state: 15 10 0
//! stdout: loopvar_closures ok

// Closures capturing loop variables: a closure that captures a variable the
// loop assigns (`for i = ...`) shares it across all iterations, while `i := i`
// gives each closure its own copy. The shared loops declare their variable
// before the loop (what `for i := ...` meant before Go 1.22), so that it is
// shared under every Go release: cases build in GOPATH mode, where Go 1.22 and
// later give each iteration of `for i := ...` its own variable. Also closures
// started as goroutines over a slice (results stored by index), sync.Once
// running a func value exactly once, and one function returning several
// closures that share the same captured state.
package main

import (
	"fmt"
	"os"
	"strings"
	"sync"
)

func join(fs []func() int) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprint(f())
	}
	return strings.Join(parts, " ")
}

// account returns three closures sharing one balance.
func account(initial int) (deposit func(int), withdraw func(int) bool, balance func() int) {
	bal := initial
	deposit = func(n int) { bal += n }
	withdraw = func(n int) bool {
		if n > bal {
			return false
		}
		bal -= n
		return true
	}
	balance = func() int { return bal }
	return
}

func main() {
	// Shared loop variable: one i for the whole loop.
	var shared []func() int
	var i int
	for i = 0; i < 3; i++ {
		shared = append(shared, func() int { return i })
	}
	s := join(shared)
	fmt.Printf("shared loop var: %s\n", s)
	if s != "3 3 3" {
		fail("shared %q", s)
	}

	// Per-iteration copy.
	var copied []func() int
	for i := 0; i < 3; i++ {
		i := i
		copied = append(copied, func() int { return i })
	}
	c := join(copied)
	fmt.Printf("copied loop var: %s\n", c)
	if c != "0 1 2" {
		fail("copied %q", c)
	}

	// Range loops: copy vs shared variable.
	words := []string{"a", "b", "c"}
	var rc, rs []func() string
	var w string
	for _, w = range words {
		rs = append(rs, func() string { return w })
		w := w
		rc = append(rc, func() string { return w })
	}
	var gc, gs []string
	for i := range rc {
		gc = append(gc, rc[i]())
		gs = append(gs, rs[i]())
	}
	line := strings.Join(gc, " ") + " / shared: " + strings.Join(gs, " ")
	fmt.Printf("range copy: %s\n", line)
	if line != "a b c / shared: c c c" {
		fail("range %q", line)
	}

	// Goroutines over a slice: each closure gets its own copy of i and v.
	in := []int{1, 2, 3, 4, 5, 6, 7, 8}
	out := make([]int, len(in))
	var wg sync.WaitGroup
	for i, v := range in {
		i, v := i, v
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = v * v
		}()
	}
	wg.Wait()
	var sq []string
	for _, v := range out {
		sq = append(sq, fmt.Sprint(v))
	}
	gl := strings.Join(sq, " ")
	fmt.Printf("goroutines over slice: %s\n", gl)
	if gl != "1 4 9 16 25 36 49 64" {
		fail("goroutines %q", gl)
	}

	// sync.Once with a func value, called from many goroutines.
	var once sync.Once
	runs := 0
	value := 0
	initFn := func() { runs++; value = 42 }
	var ow sync.WaitGroup
	for i := 0; i < 10; i++ {
		ow.Add(1)
		go func() {
			defer ow.Done()
			once.Do(initFn)
		}()
	}
	ow.Wait()
	once.Do(func() { fail("second once.Do ran") })
	fmt.Printf("once: ran %d time(s), value %d\n", runs, value)
	if runs != 1 || value != 42 {
		fail("once %d %d", runs, value)
	}

	// Several closures sharing state.
	dep, wd, bal := account(10)
	dep(5)
	b1 := bal()
	ok1 := wd(5)
	b2 := bal()
	ok2 := wd(100)
	ok3 := wd(10)
	b3 := bal()
	fmt.Printf("shared state: %d %d %d\n", b1, b2, b3)
	if b1 != 15 || b2 != 10 || b3 != 0 || !ok1 || ok2 || !ok3 {
		fail("shared state %d %d %d %v %v %v", b1, b2, b3, ok1, ok2, ok3)
	}
	fmt.Println("loopvar_closures ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
