//! exit: 0
//! stdout: waitgroup sum: 499500
//! stdout: unbuffered: 5050
//! stdout: buffered: 210
//! stdout: select counts: a=50 b=50 c=50 default>0
//! stdout: mutex counter: 20000
//! stdout: goroutines ok

// Goroutines started with go statements on closures and on func values
// (runtime.newproc with a funcval), sync.WaitGroup, results summed so the
// output does not depend on scheduling order; unbuffered and buffered
// channels; select over several channels with a default case; sync.Mutex.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
)

func main() {
	// 1000 goroutines, each a closure capturing its index and a shared slot slice.
	var wg sync.WaitGroup
	results := make([]int, 1000)
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = i
		}(i)
	}
	wg.Wait()
	sum := 0
	for _, r := range results {
		sum += r
	}
	fmt.Printf("waitgroup sum: %d\n", sum)
	if sum != 499500 {
		fail("waitgroup sum %d", sum)
	}

	// Unbuffered: producer is a func value started with go.
	ch := make(chan int)
	produce := func(n int) {
		for i := 1; i <= n; i++ {
			ch <- i
		}
		close(ch)
	}
	go produce(100)
	total := 0
	for v := range ch {
		total += v
	}
	fmt.Printf("unbuffered: %d\n", total)
	if total != 5050 {
		fail("unbuffered %d", total)
	}

	// Buffered.
	bc := make(chan int, 8)
	var pw sync.WaitGroup
	for w := 0; w < 4; w++ {
		pw.Add(1)
		go func(w int) {
			defer pw.Done()
			for i := 1; i <= 5; i++ {
				bc <- w*5 + i
			}
		}(w)
	}
	go func() { pw.Wait(); close(bc) }()
	btotal := 0
	for v := range bc {
		btotal += v
	}
	fmt.Printf("buffered: %d\n", btotal)
	if btotal != 210 {
		fail("buffered %d", btotal)
	}

	// Select over three channels, with a default case.
	a, b, c := make(chan int), make(chan int, 3), make(chan int)
	send := func(ch chan int, n int) {
		for i := 0; i < n; i++ {
			ch <- 1
		}
	}
	go send(a, 50)
	go send(b, 50)
	go send(c, 50)
	na, nb, nc, nd := 0, 0, 0, 0
	for na+nb+nc < 150 {
		select {
		case v := <-a:
			na += v
		case v := <-b:
			nb += v
		case v := <-c:
			nc += v
		default:
			nd++
			if nd%16 == 0 {
				// let the senders run even with GOMAXPROCS=1
				runtime.Gosched()
			}
		}
	}
	// One more select with nothing ready must take default.
	select {
	case <-a:
		fail("a should be empty")
	default:
		nd++
	}
	fmt.Printf("select counts: a=%d b=%d c=%d default>0\n", na, nb, nc)
	if na != 50 || nb != 50 || nc != 50 || nd == 0 {
		fail("select counts %d %d %d %d", na, nb, nc, nd)
	}

	// Mutex.
	var mu sync.Mutex
	counter := 0
	var mw sync.WaitGroup
	incr := func() {
		defer mw.Done()
		for i := 0; i < 1000; i++ {
			mu.Lock()
			counter++
			mu.Unlock()
		}
	}
	for i := 0; i < 20; i++ {
		mw.Add(1)
		go incr()
	}
	mw.Wait()
	fmt.Printf("mutex counter: %d\n", counter)
	if counter != 20000 {
		fail("mutex counter %d", counter)
	}
	fmt.Println("goroutines ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
