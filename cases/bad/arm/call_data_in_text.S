//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0x8 -> text_object
// Breaks "target": the func value's word 0 is the address of a data object that the
// linker put in the text segment, as Go <= 1.4's linkers put read-only data there
// (func values' static blocks, itabs). The object's bytes happen to be instructions, so
// the call runs on and the program ends well; executable memory is no function all the
// same. The call agrees with the func value (site holds) and the object reads no R7
// (entry does not apply): only "target" says it, from the data symbol at the target.
#include "prelude.inc"
        START
        ldr     r7, =fv_text
        ldr     r0, [r7]
        blx     r0                      // icall R0 <- [R7+0] -> text_object: data in text
        cmp     r0, #42
        END_START

        .arm
        .type   text_object, %object    // in .text: data whose words decode as code
text_object:
        mov     r0, #42
        bx      lr
        .size   text_object, .-text_object

        DATA
        FUNC_VALUE fv_text, text_object, 0
