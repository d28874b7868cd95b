// The process a Machine builds from an ELF, as Linux lays it out for the same file.
#include <gtest/gtest.h>

#include <sys/mman.h>

#include "emu/elf/elf_image.h"
#include "emu/machine.h"
#include "tests/unit/elf_builder.h"

namespace fvemu {
namespace {

int stack_protection(const char* arch) {
  // build_elf writes no PT_GNU_STACK, as Go's linker does not.
  Machine m(parse_elf(test::build_elf(test::spec_for(arch)), "prog"), MachineConfig{{"prog"}});
  for (const MemoryArea& a : m.mem().areas())
    if (a.name == "[stack]") return a.prot;
  ADD_FAILURE() << "no [stack] area on " << arch;
  return -1;
}

// fs/binfmt_elf.c with elf_read_implies_exec: without PT_GNU_STACK, i386 and ARM
// programs run READ_IMPLIES_EXEC (an executable stack); x86-64 ones do not (5.8+).
TEST(ProcessLayout, StackWithoutGnuStackIsExecutableExceptOnAmd64) {
  EXPECT_TRUE(stack_protection("386") & PROT_EXEC);
  EXPECT_TRUE(stack_protection("arm") & PROT_EXEC);
  EXPECT_FALSE(stack_protection("amd64") & PROT_EXEC);
  EXPECT_EQ(stack_protection("amd64"), PROT_READ | PROT_WRITE);
}

}  // namespace
}  // namespace fvemu
