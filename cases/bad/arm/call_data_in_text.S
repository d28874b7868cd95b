//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0x1c -> text_object
// Breaks "target": the func value's word 0 is the address of a data object that the
// linker put in the text segment, as Go <= 1.4's linkers put read-only data there (func
// values' static blocks, itabs). The object's bytes happen to be instructions, so the
// call runs on and the program ends well; executable memory is no function all the
// same. Before it, an interface call whose itab sits in the context register with its
// word 0 at a type descriptor in the text segment (9f64728's reflect.Value.call): word
// 0 is no function's entry, so this is no func value and must not be reported. The call
// agrees with the func value (site holds) and the object reads no R7 (entry does not
// apply): only "target" says it, from the data symbol at the target.
#include "prelude.inc"
        START
        ldr     r7, =itab_text          // an interface call with the itab in the context
        ldr     r0, [r7, #12]           // register, its word 0 a type in the text segment
        blx     r0                      // icall R0 <- [R7+0xc] -> method_a: no func value
        cmp     r0, #7
        bne     fail
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

        .arm
        .type   method_a, %function
method_a:
        mov     r0, #7
        bx      lr
        .size   method_a, .-method_a

        .type   type_text, %object      // in .text: a type descriptor, as Go <= 1.4 linked it
type_text: .word 0, 0
        .size   type_text, .-type_text
        .type   itab_text, %object      // in .text: inter, type, link, then fun[0]
itab_text: .word type_text, type_text, 0, method_a
        .size   itab_text, .-itab_text

        DATA
        FUNC_VALUE fv_text, text_object, 0
