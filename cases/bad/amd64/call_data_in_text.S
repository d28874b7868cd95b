//! exit: 0
//! stdout: bad case ran
//! profile: go
//! violation: target _start+0xa -> text_object
// Breaks "target": the func value's word 0 is the address of a data object that the
// linker put in the text segment, as Go <= 1.4's linkers put read-only data there
// (func values' static blocks, itabs). The object's bytes happen to be instructions, so
// the call runs on and the program ends well; executable memory is no function all the
// same. The call agrees with the func value (site holds) and the object reads no RDX
// (entry does not apply): only "target" says it, from the data symbol at the target.
#include "prelude.inc"
        START
        leaq    fv_text(%rip), %rdx
        movq    (%rdx), %rcx
        call    *%rcx                   // icall CX <- [DX+0] -> text_object: data in text
        cmpq    $42, %rax
        END_START

        .type   text_object, @object    // in .text: data whose bytes decode as code
text_object:
        movl    $42, %eax
        ret
        .size   text_object, .-text_object

        DATA
        FUNC_VALUE fv_text, text_object, 0
