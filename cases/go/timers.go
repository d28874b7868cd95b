//! go: 1.1
//! exit: 0
//! stdout: sleep ok
//! stdout: afterfunc ran: 1 (value 7)
//! stdout: ticker ticks: 3
//! stdout: stopped timer: stop=true fired=0
//! stdout: reset timer fired: 1
//! stdout: timers ok

// Runtime timers driving func values: time.Sleep, time.AfterFunc whose
// callback is a closure run on its own goroutine, time.NewTicker read three
// times then stopped, a Timer stopped before it fires (its callback must never
// run), and Timer.Reset re-arming a stopped AfterFunc timer. Durations are
// checked as lower bounds only and never printed.
package main

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(3 * time.Millisecond)
	if el := time.Since(start); el < 3*time.Millisecond {
		fail("slept only %v", el)
	}
	fmt.Println("sleep ok")

	// AfterFunc: the callback is a closure capturing a channel and a value.
	var ran int32
	done := make(chan int)
	v := 7
	cb := func() {
		atomic.AddInt32(&ran, 1)
		done <- v
	}
	time.AfterFunc(2*time.Millisecond, cb)
	select {
	case got := <-done:
		fmt.Printf("afterfunc ran: %d (value %d)\n", atomic.LoadInt32(&ran), got)
		if got != 7 {
			fail("afterfunc value %d", got)
		}
	case <-time.After(10 * time.Second):
		fail("afterfunc never ran")
	}

	// Ticker: three ticks, then stop.
	tstart := time.Now() // before the ticker starts: its third tick is >= 6ms after
	tk := time.NewTicker(2 * time.Millisecond)
	ticks := 0
	for ticks < 3 {
		<-tk.C
		ticks++
	}
	tk.Stop()
	if el := time.Since(tstart); el < 6*time.Millisecond {
		fail("3 ticks in %v", el)
	}
	fmt.Printf("ticker ticks: %d\n", ticks)

	// A timer stopped before it fires never runs its callback.
	var fired int32
	t := time.AfterFunc(30*time.Millisecond, func() { atomic.AddInt32(&fired, 1) })
	stopped := t.Stop()
	time.Sleep(40 * time.Millisecond)
	fmt.Printf("stopped timer: stop=%v fired=%d\n", stopped, atomic.LoadInt32(&fired))
	if !stopped || atomic.LoadInt32(&fired) != 0 {
		fail("stopped timer fired")
	}

	// Reset re-arms the stopped timer; the same callback now runs once.
	fch := make(chan struct{}, 1)
	t2 := time.AfterFunc(time.Hour, func() {
		atomic.AddInt32(&fired, 1)
		fch <- struct{}{}
	})
	if !t2.Stop() {
		fail("t2.Stop")
	}
	t2.Reset(time.Millisecond)
	select {
	case <-fch:
	case <-time.After(10 * time.Second):
		fail("reset timer never fired")
	}
	// A channel timer: Reset after draining.
	t3 := time.NewTimer(time.Hour)
	if !t3.Stop() {
		fail("t3.Stop")
	}
	t3.Reset(time.Millisecond)
	<-t3.C
	fmt.Printf("reset timer fired: %d\n", atomic.LoadInt32(&fired))
	if atomic.LoadInt32(&fired) != 1 {
		fail("fired %d", fired)
	}
	fmt.Println("timers ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
