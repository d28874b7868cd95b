//! go: 1.1
//! exit: 0
//! stdout: this line goes to stdout
//! stdout: stderr ok

// Output on both standard streams: a known line written to os.Stderr (fd 2)
// through a func value holding the (*os.File).Write method value, and a
// different line to stdout, so the harness can check the streams are not mixed.
package main

import (
	"fmt"
	"os"
)

func main() {
	writeErr := os.Stderr.Write
	if n, err := writeErr([]byte("this line goes to stderr\n")); err != nil || n != 25 {
		fmt.Printf("FAIL: stderr write n=%d err=%v\n", n, err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stdout, "this line goes to stdout")
	fmt.Println("stderr ok")
}
