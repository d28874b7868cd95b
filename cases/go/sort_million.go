//! go: 1.8
//! exit: 0
//! stdout: sorted 1000000 ints
//! stdout: min 780 max 2147483200
//! stdout: checksum 2494193749
//! stdout: sort_million ok

// A long-running case: sort.Slice on 10^6 pseudo-random ints (fixed-seed LCG)
// with a closure comparator, so the less func value is called ~2*10^7 times
// through pdqsort, and swaps go through the reflect.Swapper closure. Then the
// result is checked to be sorted and a permutation of the input (sum and xor
// kept), and a position-weighted checksum is printed.
package main

import (
	"fmt"
	"os"
	"sort"
)

func main() {
	const n = 1000000
	xs := make([]int32, n)
	seed := uint32(20240101)
	var sumIn uint64
	var xorIn uint32
	for i := range xs {
		seed = seed*1664525 + 1013904223
		v := int32(seed >> 1)
		xs[i] = v
		sumIn += uint64(v)
		xorIn ^= uint32(v)
	}

	calls := 0
	sort.Slice(xs, func(i, j int) bool {
		calls++
		return xs[i] < xs[j]
	})
	if calls < n {
		fail("comparator called only %d times", calls)
	}

	var sumOut uint64
	var xorOut uint32
	var h uint32 = 2166136261
	for i, v := range xs {
		if i > 0 && xs[i-1] > v {
			fail("not sorted at %d: %d > %d", i, xs[i-1], v)
		}
		sumOut += uint64(v)
		xorOut ^= uint32(v)
		h = (h ^ uint32(v)) * 16777619
	}
	if sumOut != sumIn || xorOut != xorIn {
		fail("not a permutation of the input")
	}
	fmt.Printf("sorted %d ints\n", n)
	fmt.Printf("min %d max %d\n", xs[0], xs[n-1])
	fmt.Printf("checksum %d\n", h)
	fmt.Println("sort_million ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
