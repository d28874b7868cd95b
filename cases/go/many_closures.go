//! exit: 0
//! stdout: slice calls: 10000 closures, sum 49995000
//! stdout: map calls: 10000 closures, sum 49997500
//! stdout: mixed kinds sum: 4954950
//! stdout: many_closures ok

// 10000 distinct closure objects, each capturing different values (an int,
// a string, a pointer to a shared accumulator), built by several different
// func literals; each is called through a []func() int and again through a
// map[string]func() int looked up by name. Checks every result, then sums.
package main

import (
	"fmt"
	"os"
	"strconv"
)

type acc struct{ calls int }

func main() {
	const n = 10000
	shared := &acc{}
	fs := make([]func() int, n)
	byName := make(map[string]func() int, n)
	for i := 0; i < n; i++ {
		i := i
		name := "f" + strconv.Itoa(i)
		switch i % 4 {
		case 0:
			fs[i] = func() int { shared.calls++; return i }
		case 1:
			k := i * 3
			fs[i] = func() int { shared.calls++; return k - 2*i }
		case 2:
			fs[i] = func() int { shared.calls++; return len(name) + i - len(name) }
		default:
			local := &acc{calls: i}
			fs[i] = func() int { shared.calls++; local.calls++; return local.calls - 1 }
		}
		byName[name] = fs[i]
	}

	sum := 0
	for i, f := range fs {
		v := f()
		if v != i {
			fail("fs[%d]() = %d", i, v)
		}
		sum += v
	}
	fmt.Printf("slice calls: %d closures, sum %d\n", len(fs), sum)

	msum := 0
	for i := 0; i < n; i++ {
		f, ok := byName["f"+strconv.Itoa(i)]
		if !ok {
			fail("missing f%d", i)
		}
		v := f()
		// closures of kind 3 count their own calls: the second call is one higher.
		want := i
		if i%4 == 3 {
			want = i + 1
		}
		if v != want {
			fail("byName f%d() = %d, want %d", i, v, want)
		}
		msum += v
	}
	fmt.Printf("map calls: %d closures, sum %d\n", len(byName), msum)
	if sum != n*(n-1)/2 || msum != sum+n/4 || shared.calls != 2*n {
		fail("sums %d %d, shared calls %d", sum, msum, shared.calls)
	}

	// A slice of closures returning closures.
	makers := make([]func(int) func() int, 0, 100)
	for i := 0; i < 100; i++ {
		base := i * 1000
		makers = append(makers, func(d int) func() int {
			return func() int { return base + d }
		})
	}
	mixed := 0
	for i, mk := range makers {
		mixed += mk(i)()
	}
	fmt.Printf("mixed kinds sum: %d\n", mixed)
	if mixed != 1000*4950+4950 {
		fail("mixed %d", mixed)
	}
	fmt.Println("many_closures ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
