//! go: 1.5
//! args: one "two words" 3
//! env: FVEMU_GO_CASE=hello env
//! env: SECOND=x=y
//! exit: 0
//! stdout: argc=4
//! stdout: arg[1]=one
//! stdout: arg[2]=two words
//! stdout: arg[3]=3
//! stdout: FVEMU_GO_CASE=hello env
//! stdout: SECOND=x=y
//! stdout: environ entries=2
//! stdout: args_env ok

// Command-line arguments and environment as the Go runtime reads them from
// the initial stack (runtime.goargs/goenvs): os.Args with an argument holding
// a space, os.Getenv of variables given by the harness (one value containing
// '='), and os.Environ having exactly those entries (GODEBUG aside). Each lookup goes through
// a func value (os.Getenv stored in a variable).
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

func main() {
	fmt.Printf("argc=%d\n", len(os.Args))
	for i, a := range os.Args[1:] {
		fmt.Printf("arg[%d]=%s\n", i+1, a)
	}
	if len(os.Args) != 4 || os.Args[2] != "two words" {
		fail("args %q", os.Args[1:])
	}
	get := os.Getenv
	for _, k := range []string{"FVEMU_GO_CASE", "SECOND"} {
		fmt.Printf("%s=%s\n", k, get(k))
	}
	if get("FVEMU_GO_CASE") != "hello env" || get("SECOND") != "x=y" {
		fail("env")
	}
	if _, ok := os.LookupEnv("HOME"); ok {
		fail("HOME should not be set")
	}
	// GODEBUG is skipped: qemu-i386 needs GODEBUG=asyncpreemptoff=1 to run Go
	// programs at all, and a checker may add it to the given environment.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GODEBUG=") {
			env = append(env, kv)
		}
	}
	sort.Strings(env)
	fmt.Printf("environ entries=%d\n", len(env))
	if strings.Join(env, "|") != "FVEMU_GO_CASE=hello env|SECOND=x=y" {
		fail("environ %q", env)
	}
	fmt.Println("args_env ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
