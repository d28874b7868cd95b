//! go: 1.14
//! exit: 0
//! stdout: spinner started: yes
//! stdout: main ran while a goroutine spun: yes
//! stdout: spinner stopped: yes
//! stdout: preemption ok

// Asynchronous preemption: with GOMAXPROCS(1) a goroutine spins in a loop
// that makes no calls at all (so there are no cooperative preemption points),
// polling a package-level flag with a plain load. main can only run again
// after its time.Sleep if the runtime (sysmon) preempts the spinner with a
// signal (SIGURG) and the signal handler redirects it into asyncPreempt.
// main then sets the flag and waits for the spinner to return.
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

var (
	stop  int32
	spins uint64
)

// spin has no calls inside its loop; it only stops once stop becomes 1.
//
//go:noinline
func spin() uint64 {
	var n uint64
	for stop == 0 {
		n++
	}
	return n
}

func main() {
	runtime.GOMAXPROCS(1)

	started := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		started <- struct{}{}
		spins = spin()
		close(done)
	}()

	// Blocks until the spinner has run; after the buffered send the spinner
	// keeps the only P, so getting past here already needs preemption.
	<-started
	fmt.Println("spinner started: yes")

	// time.Sleep parks main; its wakeup also needs the spinner preempted.
	time.Sleep(time.Millisecond)

	select {
	case <-done:
		fail("spinner finished before stop was set")
	default:
	}
	fmt.Println("main ran while a goroutine spun: yes")

	stop = 1
	<-done
	if spins == 0 {
		fail("spinner never counted")
	}
	fmt.Println("spinner stopped: yes")
	fmt.Println("preemption ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
