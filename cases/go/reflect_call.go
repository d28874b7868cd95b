//! go: 1.1
//! exit: 0
//! stdout: call closure: 15
//! stdout: MethodByName Scale: 30
//! stdout: method value via reflect: 12 then 13
//! stdout: makefunc swap: 2 1 / b a
//! stdout: makefunc adder: 10 direct, 10 via reflect
//! stdout: variadic: 6 6
//! stdout: reflect_call ok

// Calls through reflect: reflect.ValueOf(closure).Call (reflectcall with
// a closure context), Value.MethodByName(...).Call on value and pointer
// receivers, a method value obtained by reflection turned back into a plain
// func with Interface() and called directly, reflect.MakeFunc building a
// swap and an adder (makeFuncStub) called both directly and through reflect,
// and variadic funcs through Call and CallSlice.
package main

import (
	"fmt"
	"os"
	"reflect"
)

type Calc struct{ factor int }

func (c Calc) Scale(x int) int { return c.factor * x }
func (c *Calc) Bump(d int) int { c.factor += d; return c.factor }

type Holder struct {
	Fn func(string) string
}

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	base := 10
	add := func(a int) int { return a + base }
	out := reflect.ValueOf(add).Call([]reflect.Value{reflect.ValueOf(5)})
	fmt.Printf("call closure: %d\n", out[0].Int())
	if out[0].Int() != 15 {
		fail("call closure")
	}

	c := &Calc{factor: 3}
	r := reflect.ValueOf(c).MethodByName("Scale").Call([]reflect.Value{reflect.ValueOf(10)})
	fmt.Printf("MethodByName Scale: %d\n", r[0].Int())
	if r[0].Int() != 30 {
		fail("Scale")
	}
	if m := reflect.ValueOf(*c).MethodByName("Bump"); m.IsValid() {
		fail("Bump must not be in the value method set")
	}

	// Method value from reflection, used as an ordinary func value.
	bump := reflect.ValueOf(c).MethodByName("Bump").Interface().(func(int) int)
	scale := reflect.ValueOf(c).Method(1).Interface().(func(int) int) // methods sorted: Bump, Scale
	b1 := bump(9)
	b2 := bump(1)
	fmt.Printf("method value via reflect: %d then %d\n", b1, b2)
	if b1 != 12 || b2 != 13 || c.factor != 13 || scale(2) != 26 {
		fail("reflect method value b1=%d b2=%d scale=%d", b1, b2, scale(2))
	}

	// MakeFunc: a generic swap, bound into typed func variables.
	swapImpl := func(in []reflect.Value) []reflect.Value { return []reflect.Value{in[1], in[0]} }
	makeSwap := func(fptr interface{}) {
		fn := reflect.ValueOf(fptr).Elem()
		fn.Set(reflect.MakeFunc(fn.Type(), swapImpl))
	}
	var intSwap func(int, int) (int, int)
	var strSwap func(string, string) (string, string)
	makeSwap(&intSwap)
	makeSwap(&strSwap)
	x, y := intSwap(1, 2)
	s1, s2 := strSwap("a", "b")
	fmt.Printf("makefunc swap: %d %d / %s %s\n", x, y, s1, s2)
	if x != 2 || y != 1 || s1 != "b" || s2 != "a" {
		fail("swap")
	}

	// MakeFunc adder capturing a counter; call directly and via reflect.
	calls := 0
	adderT := reflect.TypeOf(func(int, int) int { return 0 })
	adderV := reflect.MakeFunc(adderT, func(in []reflect.Value) []reflect.Value {
		calls++
		return []reflect.Value{reflect.ValueOf(int(in[0].Int() + in[1].Int()))}
	})
	adder := adderV.Interface().(func(int, int) int)
	d := adder(3, 7)
	v := adderV.Call([]reflect.Value{reflect.ValueOf(4), reflect.ValueOf(6)})[0].Int()
	fmt.Printf("makefunc adder: %d direct, %d via reflect\n", d, v)
	if d != 10 || v != 10 || calls != 2 {
		fail("adder d=%d v=%d calls=%d", d, v, calls)
	}
	// A MakeFunc func passed where a plain func value is expected.
	apply := func(f func(int, int) int, a, b int) int { return f(a, b) }
	if apply(adder, 20, 22) != 42 {
		fail("adder through apply")
	}

	// Variadic: Call with separate args and CallSlice with a slice.
	sv := reflect.ValueOf(sum)
	v1 := sv.Call([]reflect.Value{reflect.ValueOf(1), reflect.ValueOf(2), reflect.ValueOf(3)})[0].Int()
	v2 := sv.CallSlice([]reflect.Value{reflect.ValueOf([]int{1, 2, 3})})[0].Int()
	fmt.Printf("variadic: %d %d\n", v1, v2)
	if v1 != 6 || v2 != 6 {
		fail("variadic")
	}

	// A func stored in a struct field, reached through reflection.
	h := Holder{Fn: func(s string) string { return s + "!" }}
	hv := reflect.ValueOf(h).FieldByName("Fn").Call([]reflect.Value{reflect.ValueOf("hi")})[0].String()
	if hv != "hi!" {
		fail("field func %q", hv)
	}
	// Setting a func field through reflection, then calling it normally.
	reflect.ValueOf(&h).Elem().FieldByName("Fn").Set(reflect.ValueOf(func(s string) string { return "<" + s + ">" }))
	if h.Fn("x") != "<x>" {
		fail("set func field")
	}
	fmt.Println("reflect_call ok")
}

func fail(format string, a ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", a...)
	os.Exit(1)
}
