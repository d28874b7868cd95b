//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0x16 -> text_object
// Breaks "target": the func value's word 0 is the address of a data object that the
// linker put in the text segment, as Go <= 1.4's linkers put read-only data there (func
// values' static blocks, itabs). The object's bytes happen to be instructions, so the
// call runs on and the program ends well; executable memory is no function all the
// same. Before it, an interface call whose itab sits in the context register with its
// word 0 at a type descriptor in the text segment (9f64728's reflect.Value.call): word
// 0 is no function's entry, so this is no func value and must not be reported. The call
// agrees with the func value (site holds) and the object reads no EDX (entry does not
// apply): only "target" says it, from the data symbol at the target.
#include "prelude.inc"
        START
        movl    $itab_text, %edx        // an interface call with the itab in the context
        movl    12(%edx), %ecx          // register, its word 0 a type in the text segment
        call    *%ecx                   // icall CX <- [DX+0xc] -> method_a: no func value
        cmpl    $7, %eax
        jne     fail
        movl    $fv_text, %edx
        movl    (%edx), %ecx
        call    *%ecx                   // icall CX <- [DX+0] -> text_object: data in text
        cmpl    $42, %eax
        END_START

        .type   text_object, @object    // in .text: data whose bytes decode as code
text_object:
        movl    $42, %eax
        ret
        .size   text_object, .-text_object

        .type   method_a, @function
method_a:
        movl    $7, %eax
        ret
        .size   method_a, .-method_a

        .type   type_text, @object      // in .text: a type descriptor, as Go <= 1.4 linked it
type_text: .long 0, 0
        .size   type_text, .-type_text
        .type   itab_text, @object      // in .text: inter, type, link, then fun[0]
itab_text: .long type_text, type_text, 0, method_a
        .size   itab_text, .-itab_text

        DATA
        FUNC_VALUE fv_text, text_object, 0
