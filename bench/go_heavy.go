//! exit: 0
//! stdout: words 1000000 distinct 4096 top edb:301
//! stdout: sorted 400000 records checksum 1215840405
//! stdout: pipeline 300000 items sum 6750022500075000
//! stdout: builder 200000 lines 1799975 bytes hash 2434146263
//! stdout: go_heavy ok

// The benchmark's CPU-heavy Go program (bench/run.py --go), the kind of work a Go
// test binary does: a word count in a map, sort.Slice with a closure over records,
// a three-stage goroutine pipeline over channels, and string building. Every stage
// prints a checksum, so a wrong result cannot pass for a fast one. It calls func
// values all the time: the sort comparator, the pipeline stages, the hash closures.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
)

// lcg is a fixed-seed generator: the same numbers on every target and run.
type lcg uint32

func (r *lcg) next() uint32 {
	*r = *r*1664525 + 1013904223
	return uint32(*r)
}

// wordCount counts 1000000 three-letter words drawn from 4096 and reports the most
// frequent (ties to the smallest word).
func wordCount(r *lcg) {
	const n = 1000000
	counts := map[string]int{}
	letters := "abcdefghijklmnop"
	for i := 0; i < n; i++ {
		v := r.next() >> 20
		w := string([]byte{letters[v&15], letters[(v>>4)&15], letters[(v>>8)&15]})
		counts[w]++
	}
	best, bestN := "", 0
	for w, c := range counts {
		if c > bestN || (c == bestN && w < best) {
			best, bestN = w, c
		}
	}
	fmt.Printf("words %d distinct %d top %s:%d\n", n, len(counts), best, bestN)
}

type record struct {
	key   uint32
	name  string
	value int
}

// sortRecords sorts 400000 records by key, then name, with a closure comparator.
func sortRecords(r *lcg) {
	const n = 400000
	recs := make([]record, n)
	for i := range recs {
		k := r.next()
		recs[i] = record{key: k % 50000, name: fmt.Sprint(k % 97), value: i}
	}
	sort.Slice(recs, func(i, j int) bool {
		if recs[i].key != recs[j].key {
			return recs[i].key < recs[j].key
		}
		return recs[i].name < recs[j].name
	})
	var sum uint32
	for i := range recs {
		if i > 0 && recs[i-1].key > recs[i].key {
			fail("records out of order at %d", i)
		}
		sum = sum*31 + recs[i].key + uint32(len(recs[i].name))
	}
	fmt.Printf("sorted %d records checksum %d\n", n, sum)
}

// pipeline squares 300000 numbers in one goroutine, filters them in four, and sums
// them in the main one.
func pipeline() {
	const n = 300000
	source := make(chan int, 64)
	squares := make(chan int64, 64)
	go func() {
		for i := 1; i <= n; i++ {
			source <- i
		}
		close(source)
	}()
	var wg sync.WaitGroup
	stage := func(keep func(int) bool) {
		defer wg.Done()
		for v := range source {
			if keep(v) {
				squares <- int64(v) * int64(v)
			} else {
				squares <- 0
			}
		}
	}
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go stage(func(v int) bool { return v%4 != 3 })
	}
	go func() {
		wg.Wait()
		close(squares)
	}()
	total, items := int64(0), 0
	for s := range squares {
		total += s
		items++
	}
	fmt.Printf("pipeline %d items sum %d\n", items, total)
}

// builder writes 200000 lines with strings.Builder and hashes them with FNV-1a.
func builder() {
	var b strings.Builder
	for i := 0; i < 200000; i++ {
		b.WriteString(strings.Repeat("x", i%15))
		fmt.Fprintf(&b, "%d\n", i%10)
	}
	s := b.String()
	hash := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		hash = (hash ^ uint32(s[i])) * 16777619
	}
	fmt.Printf("builder %d lines %d bytes hash %d\n", strings.Count(s, "\n"), len(s), hash)
}

func main() {
	r := lcg(12345)
	wordCount(&r)
	sortRecords(&r)
	pipeline()
	builder()
	fmt.Println("go_heavy ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
