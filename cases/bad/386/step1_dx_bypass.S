//! exit: 0
//! stdout: bad case ran
//! profile: go-step1-dx
//! violation: step1 _start+0x27 -> fn_a
// Breaks "step1" in go-step1-dx (golang/go 6066fdc, a day after the seed: 6g and 8g
// put the func value in EDX instead of EAX). The first call is the conforming one:
// EBX <- [EDX+0]. Then an interface call through an itab's method slot (Itab.fun
// at 3 words + 8 bytes, the itab in EDX), which is no func-value call and must not be
// reported. The third has the func value in EDX and calls the same code, but takes the
// address as an immediate instead of loading it from the func value's word 0.
#define FV_REG %edx
#include "step1_bypass.S"
