//! go: 1.8
//! exit: 0
//! stdout: sorted 2000 items, min 28 max 99974
//! stdout: stable groups: 10, order kept within each group
//! stdout: search: 2 found, 1 missing
//! stdout: sort_slice ok

// sort.Slice and sort.SliceStable with closure comparators (the sort package
// calls the less func value thousands of times, and swaps through a
// reflect.Swapper func), sort.Sort on a custom type, and sort.Search with a
// closure predicate, on 2000 items from a fixed-seed LCG.
package main

import (
	"fmt"
	"os"
	"sort"
)

type item struct {
	key   int
	group int
	seq   int
}

type byKeyDesc []item

func (s byKeyDesc) Len() int           { return len(s) }
func (s byKeyDesc) Less(i, j int) bool { return s[i].key > s[j].key }
func (s byKeyDesc) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

func main() {
	const n = 2000
	seed := uint32(12345)
	next := func() int {
		seed = seed*1103515245 + 12345
		return int(seed>>8) % 100000
	}
	items := make([]item, n)
	sum, lo, hi := 0, 1<<30, -1
	for i := range items {
		k := next()
		items[i] = item{key: k, group: k % 10, seq: i}
		sum += k
		if k < lo {
			lo = k
		}
		if k > hi {
			hi = k
		}
	}

	calls := 0
	less := func(i, j int) bool {
		calls++
		return items[i].key < items[j].key
	}
	sort.Slice(items, less)
	if calls == 0 || !sort.SliceIsSorted(items, func(i, j int) bool { return items[i].key < items[j].key }) {
		fail("not sorted")
	}
	check := 0
	for _, it := range items {
		check += it.key
	}
	if check != sum || items[0].key != lo || items[n-1].key != hi {
		fail("checksum %d != %d or min/max", check, sum)
	}
	fmt.Printf("sorted %d items, min %d max %d\n", n, items[0].key, items[n-1].key)

	// Stable sort by group from an order sorted by seq: seq must stay increasing per group.
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	sort.SliceStable(items, func(i, j int) bool { return items[i].group < items[j].group })
	groups := 1
	for i := 1; i < n; i++ {
		a, b := items[i-1], items[i]
		if a.group > b.group {
			fail("groups out of order at %d", i)
		}
		if a.group == b.group && a.seq >= b.seq {
			fail("stability broken at %d", i)
		}
		if a.group != b.group {
			groups++
		}
	}
	fmt.Printf("stable groups: %d, order kept within each group\n", groups)

	// sort.Sort through an interface, descending.
	sort.Sort(byKeyDesc(items))
	for i := 1; i < n; i++ {
		if items[i-1].key < items[i].key {
			fail("desc order at %d", i)
		}
	}

	// sort.Search on an ascending int slice with closure predicates.
	keys := make([]int, n)
	for i, it := range items {
		keys[n-1-i] = it.key
	}
	found, missing := 0, 0
	for _, want := range []int{keys[0], keys[1234], -5} {
		idx := sort.Search(len(keys), func(i int) bool { return keys[i] >= want })
		if idx < len(keys) && keys[idx] == want {
			found++
		} else {
			missing++
		}
	}
	fmt.Printf("search: %d found, %d missing\n", found, missing)
	if found != 2 || missing != 1 {
		fail("search")
	}
	if i := sort.SearchInts(keys, keys[n-1]+1); i != n {
		fail("SearchInts past end %d", i)
	}
	fmt.Println("sort_slice ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
