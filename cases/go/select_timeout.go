//! go: 1.4
//! exit: 0
//! stdout: value before timeout: 42
//! stdout: timeout: 3 of 3
//! stdout: closed channel: 0 false
//! stdout: nil channel skipped: timeout
//! stdout: worker results: 4 done, 2 timed out
//! stdout: select_timeout ok

// select with time.After timeouts: a value that arrives before a long timeout,
// repeated short timeouts on a channel that never sends, a closed channel that
// is always ready (zero value, ok=false), a nil channel that is never ready,
// and per-request timeouts for workers run as func values in goroutines.
// The runtime timers wake the blocked select; elapsed time is checked to be at
// least the timeout but never printed.
package main

import (
	"fmt"
	"os"
	"sort"
	"time"
)

func main() {
	// A value sent after 1 ms beats a 10 s timeout.
	ch := make(chan int)
	go func() {
		time.Sleep(time.Millisecond)
		ch <- 42
	}()
	select {
	case v := <-ch:
		fmt.Printf("value before timeout: %d\n", v)
	case <-time.After(10 * time.Second):
		fail("timed out waiting for value")
	}

	// Nothing ever arrives: three short timeouts.
	never := make(chan int)
	timeouts := 0
	for i := 0; i < 3; i++ {
		start := time.Now()
		select {
		case <-never:
			fail("never channel delivered")
		case <-time.After(5 * time.Millisecond):
			timeouts++
		}
		if el := time.Since(start); el < 5*time.Millisecond {
			fail("timeout fired early: %v", el)
		}
	}
	fmt.Printf("timeout: %d of 3\n", timeouts)

	// A closed channel is always ready.
	closed := make(chan int)
	close(closed)
	select {
	case v, ok := <-closed:
		fmt.Printf("closed channel: %d %v\n", v, ok)
		if ok || v != 0 {
			fail("closed channel")
		}
	case <-time.After(10 * time.Second):
		fail("closed channel not ready")
	}

	// A nil channel is never ready.
	var nilch chan int
	res := ""
	select {
	case <-nilch:
		res = "nil delivered"
	case <-time.After(2 * time.Millisecond):
		res = "timeout"
	}
	fmt.Printf("nil channel skipped: %s\n", res)
	if res != "timeout" {
		fail("nil channel")
	}

	// Workers as func values: some finish at once, some block until a
	// release that only comes after every request has timed out.
	release := make(chan struct{})
	fast := func(x int) int { return x * x }
	slow := func(x int) int { <-release; return -x }
	workers := []func(int) int{fast, fast, slow, fast, slow, fast}
	type outcome struct {
		idx int
		ok  bool
	}
	outs := make(chan outcome, len(workers))
	for i, w := range workers {
		go func(i int, w func(int) int) {
			r := make(chan int, 1)
			go func() { r <- w(i) }()
			timer := time.NewTimer(50 * time.Millisecond)
			defer timer.Stop()
			select {
			case <-r:
				outs <- outcome{i, true}
			case <-timer.C:
				outs <- outcome{i, false}
			}
		}(i, w)
	}
	var done, timedOut []int
	for range workers {
		o := <-outs
		if o.ok {
			done = append(done, o.idx)
		} else {
			timedOut = append(timedOut, o.idx)
		}
	}
	close(release)
	sort.Ints(done)
	sort.Ints(timedOut)
	fmt.Printf("worker results: %d done, %d timed out\n", len(done), len(timedOut))
	if fmt.Sprint(done) != "[0 1 3 5]" || fmt.Sprint(timedOut) != "[2 4]" {
		fail("workers done=%v timedOut=%v", done, timedOut)
	}
	fmt.Println("select_timeout ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
