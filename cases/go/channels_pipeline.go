//! exit: 0
//! stdout: pipeline results: 133
//! stdout: first: 1 last: 157609
//! stdout: checksum: 7057645
//! stdout: per-worker counts sum: 200
//! stdout: channels_pipeline ok

// A channel pipeline whose stages are func values, each run by a go statement:
// a generator, a fan-out of 4 workers applying a func(int) int (a composition
// of closures), a fan-in merge using a WaitGroup, and a final filter stage
// (dropping multiples of 3).
// Results arrive in scheduling order, so they are sorted before printing.
package main

import (
	"fmt"
	"os"
	"sort"
	"sync"
)

type stage func(in <-chan int) <-chan int

func mapStage(f func(int) int) stage {
	return func(in <-chan int) <-chan int {
		out := make(chan int)
		go func() {
			defer close(out)
			for v := range in {
				out <- f(v)
			}
		}()
		return out
	}
}

func filterStage(keep func(int) bool) stage {
	return func(in <-chan int) <-chan int {
		out := make(chan int, 4)
		go func() {
			defer close(out)
			for v := range in {
				if keep(v) {
					out <- v
				}
			}
		}()
		return out
	}
}

func generate(n int) <-chan int {
	out := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			out <- i
		}
		close(out)
	}()
	return out
}

func fanOut(in <-chan int, workers int, st stage) []<-chan int {
	outs := make([]<-chan int, workers)
	for i := range outs {
		outs[i] = st(in)
	}
	return outs
}

func merge(chans []<-chan int, counts []int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for i, c := range chans {
		wg.Add(1)
		go func(i int, c <-chan int) {
			defer wg.Done()
			for v := range c {
				counts[i]++
				out <- v
			}
		}(i, c)
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

func compose(fs ...func(int) int) func(int) int {
	return func(x int) int {
		for _, f := range fs {
			x = f(x)
		}
		return x
	}
}

func main() {
	double := func(x int) int { return 2 * x }
	plusOne := func(x int) int { return x + 1 }
	square := func(x int) int { return x * x }
	f := compose(double, plusOne, square) // (2i+1)^2

	counts := make([]int, 4)
	notDiv3 := filterStage(func(v int) bool { return v%3 != 0 })
	stages := []stage{notDiv3}
	var c <-chan int = merge(fanOut(generate(200), 4, mapStage(f)), counts)
	for _, st := range stages {
		c = st(c)
	}
	var res []int
	for v := range c {
		res = append(res, v)
	}
	sort.Ints(res)
	sum := 0
	for _, v := range res {
		sum += v
	}
	fmt.Printf("pipeline results: %d\n", len(res))
	fmt.Printf("first: %d last: %d\n", res[0], res[len(res)-1])
	fmt.Printf("checksum: %d\n", sum)
	var want []int
	for i := 0; i < 200; i++ {
		if v := (2*i + 1) * (2*i + 1); v%3 != 0 {
			want = append(want, v)
		}
	}
	if fmt.Sprint(res) != fmt.Sprint(want) {
		fail("results %v, want %v", res, want)
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	fmt.Printf("per-worker counts sum: %d\n", total)
	if total != 200 {
		fail("counts %v", counts)
	}
	fmt.Println("channels_pipeline ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
