//! exit: 3
//! stdout: about to exit with status 3
//! stdout: deferred func skipped: yes

// os.Exit(3) after printing a line: exit_group with a non-zero status, called
// from a func value. Deferred closures must not run (os.Exit does not unwind),
// so the "deferred ran" line must never appear.
package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("deferred ran (wrong)")
	exit := os.Exit
	fmt.Println("about to exit with status 3")
	fmt.Println("deferred func skipped: yes")
	exit(3)
	fmt.Println("still running (wrong)")
}
