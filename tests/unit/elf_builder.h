// Builds small, valid ELF executables in memory, which loader tests then break in
// one specific way each, and the fuzzers run. One PT_LOAD maps the headers and the
// code; `writable_data`, if any, gets a second, writable one.
#pragma once

#include <elf.h>

#include <cstdint>
#include <vector>

namespace fvemu::test {

struct ElfSpec {
  uint8_t elf_class = ELFCLASS64;
  uint8_t data = ELFDATA2LSB;
  uint16_t machine = EM_X86_64;
  uint16_t type = ET_EXEC;
  uint32_t flags = 0;
  uint64_t vaddr = 0x400000;
  std::vector<uint8_t> code = {0xf4};  // hlt
  std::vector<uint8_t> writable_data;  // at data_address(spec), if not empty
  bool with_interp = false;            // adds PT_INTERP, as a dynamic program has
  bool with_overlapping_segment = false;
  int64_t entry_delta = 0;  // added to the entry (the code's address)
};

// Offset of the code in the file (and from vaddr in memory).
constexpr uint64_t kCodeOffset = 0x200;

std::vector<uint8_t> build_elf(const ElfSpec& spec);
// Where spec.writable_data is, in the file and in memory (from vaddr): the page after the code.
uint64_t data_offset(const ElfSpec& spec);
inline uint64_t data_address(const ElfSpec& spec) { return spec.vaddr + data_offset(spec); }
ElfSpec spec_for(const char* arch);  // "386", "amd64", "arm"

}  // namespace fvemu::test
