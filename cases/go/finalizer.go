//! go: 1.7
//! exit: 0
//! stdout: finalizer ran for resource 7
//! stdout: kept object not finalized
//! stdout: finalizer ok

// runtime.SetFinalizer with a closure as the finalizer: the runtime calls it
// on its finalizer goroutine (runfinq through a funcval) after a GC finds the
// object unreachable. runtime.GC() is called in a bounded loop with 1 ms
// sleeps until the finalizer has reported; an object kept alive with
// runtime.KeepAlive must not be finalized before that point.
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

type resource struct {
	id  int
	buf []byte
}

var sink *resource

//go:noinline
func allocate(id int, report chan<- int, prefix string) {
	r := &resource{id: id, buf: make([]byte, 64)}
	runtime.SetFinalizer(r, func(r *resource) {
		// a closure: captures report and prefix
		if prefix == "res" {
			report <- r.id
		}
	})
	sink = r
	sink = nil
}

func main() {
	report := make(chan int, 4)
	allocate(7, report, "res")

	keptFinalized := make(chan struct{}, 1)
	kept := &resource{id: 8, buf: make([]byte, 64)}
	runtime.SetFinalizer(kept, func(*resource) { keptFinalized <- struct{}{} })

	got := -1
	for i := 0; i < 500 && got < 0; i++ {
		runtime.GC()
		select {
		case got = <-report:
		default:
			time.Sleep(time.Millisecond)
		}
	}
	if got != 7 {
		fail("finalizer did not run (got %d)", got)
	}
	fmt.Printf("finalizer ran for resource %d\n", got)

	select {
	case <-keptFinalized:
		fail("kept object was finalized")
	default:
	}
	runtime.KeepAlive(kept)
	fmt.Println("kept object not finalized")
	fmt.Println("finalizer ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
