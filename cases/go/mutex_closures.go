//! exit: 0
//! stdout: mutex closures: total=1275 entries=50
//! stdout: rwmutex: writes=50 reads=2500 last>0
//! stdout: atomic: add=5000 cas=50 max=49
//! stdout: worker pool: jobs=200 sum=2686700
//! stdout: mutex_closures ok

// sync.Mutex and sync.RWMutex guarding state that closures run in 50
// goroutines mutate; sync/atomic counters (AddInt64, CompareAndSwap loops,
// Load/Store); a worker pool whose jobs are func values sent over a channel,
// each returning a result summed after all workers finish, so the printed
// values do not depend on scheduling order.
package main

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
)

type store struct {
	mu    sync.Mutex
	total int
	seen  map[int]bool
}

// update runs fn with the lock held.
func (s *store) update(fn func(*store)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s)
}

type cache struct {
	mu   sync.RWMutex
	vals map[int]int
}

func (c *cache) read(k int) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.vals[k]
	return v, ok
}

func (c *cache) write(k, v int) {
	c.mu.Lock()
	c.vals[k] = v
	c.mu.Unlock()
}

func main() {
	const N = 50

	// Mutex: each goroutine submits a closure that runs under the lock.
	st := &store{seen: map[int]bool{}}
	var wg sync.WaitGroup
	for i := 1; i <= N; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			st.update(func(s *store) {
				s.total += i
				s.seen[i] = true
			})
		}()
	}
	wg.Wait()
	fmt.Printf("mutex closures: total=%d entries=%d\n", st.total, len(st.seen))
	if st.total != N*(N+1)/2 || len(st.seen) != N {
		fail("mutex %d %d", st.total, len(st.seen))
	}

	// RWMutex: one write and 50 reads per goroutine.
	c := &cache{vals: map[int]int{}}
	var reads int64
	var rw sync.WaitGroup
	for i := 0; i < N; i++ {
		i := i
		rw.Add(1)
		go func() {
			defer rw.Done()
			c.write(i, i+1)
			for k := 0; k < N; k++ {
				c.read(k)
				atomic.AddInt64(&reads, 1)
			}
		}()
	}
	rw.Wait()
	last, ok := c.read(N - 1)
	fmt.Printf("rwmutex: writes=%d reads=%d last>0\n", len(c.vals), atomic.LoadInt64(&reads))
	if len(c.vals) != N || reads != N*N || !ok || last != N {
		fail("rwmutex %d %d %v %d", len(c.vals), reads, ok, last)
	}

	// Atomics: adds, a CAS loop tracking the maximum, a CAS-once flag per id.
	var adds int64
	var max int32 = -1
	var cas int32
	flags := make([]int32, N)
	var aw sync.WaitGroup
	for i := 0; i < N; i++ {
		i := i
		aw.Add(1)
		go func() {
			defer aw.Done()
			for k := 0; k < 100; k++ {
				atomic.AddInt64(&adds, 1)
			}
			for {
				old := atomic.LoadInt32(&max)
				if int32(i) <= old || atomic.CompareAndSwapInt32(&max, old, int32(i)) {
					break
				}
			}
			// Two attempts; only the first CAS may succeed.
			for t := 0; t < 2; t++ {
				if atomic.CompareAndSwapInt32(&flags[i], 0, 1) {
					atomic.AddInt32(&cas, 1)
				}
			}
		}()
	}
	aw.Wait()
	fmt.Printf("atomic: add=%d cas=%d max=%d\n", atomic.LoadInt64(&adds), atomic.LoadInt32(&cas), atomic.LoadInt32(&max))
	if adds != 100*N || cas != N || max != N-1 {
		fail("atomic %d %d %d", adds, cas, max)
	}

	// Worker pool: jobs are func values sent over a channel.
	type job func() int
	jobs := make(chan job, 16)
	results := make(chan int, 16)
	var ww sync.WaitGroup
	for w := 0; w < 4; w++ {
		ww.Add(1)
		go func() {
			defer ww.Done()
			for j := range jobs {
				results <- j()
			}
		}()
	}
	go func() {
		square := func(n int) job { return func() int { return n * n } }
		for n := 1; n <= 200; n++ {
			if n%2 == 0 {
				jobs <- square(n)
			} else {
				n := n
				jobs <- func() int { return n * n }
			}
		}
		close(jobs)
	}()
	go func() { ww.Wait(); close(results) }()
	count, total := 0, 0
	for r := range results {
		count++
		total += r
	}
	fmt.Printf("worker pool: jobs=%d sum=%d\n", count, total)
	if count != 200 || total != 200*201*401/6 {
		fail("worker pool %d %d", count, total)
	}
	fmt.Println("mutex_closures ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
