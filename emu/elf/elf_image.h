// A static ELF executable, parsed and validated before anything is mapped: every
// check that can reject a file happens here, so a bad file gets one clear line
// (RunError, exit 125) and never reaches the emulator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fvemu {

class Arch;

struct Segment {
  uint64_t vaddr;   // unbiased
  uint64_t memsz;
  uint64_t filesz;
  uint64_t offset;
  int prot;         // PROT_READ/WRITE/EXEC bits (the same values as UC_PROT_*)
};

// Symbols of the image, for "main+0x12" in reports.
class SymbolTable {
 public:
  struct Symbol {
    uint64_t addr;
    uint64_t size;
    std::string name;
  };
  void add(Symbol s) { symbols_.push_back(std::move(s)); }
  void finish();  // sort, after the last add()
  // "name+0xoff" for an address inside (or, for size-0 symbols, at) a symbol, else "".
  std::string describe(uint64_t addr) const;
  // The start of the symbol describe() names `addr` by, if there is one.
  std::optional<uint64_t> start_of(uint64_t addr) const;
  // The address of the symbol called `name` (a linear search), if there is one.
  std::optional<uint64_t> find(std::string_view name) const;
  size_t size() const { return symbols_.size(); }

 private:
  const Symbol* containing(uint64_t addr) const;
  std::vector<Symbol> symbols_;
};

struct ElfImage {
  const Arch* arch = nullptr;
  bool position_independent = false;  // ET_DYN without interpreter (static-pie)
  uint64_t entry = 0;                 // unbiased; ARM: bit 0 set = Thumb
  uint64_t phdr_vaddr = 0;            // unbiased address of the program headers in memory
  uint16_t phnum = 0;
  uint16_t phentsize = 0;
  // Whether PT_GNU_STACK asks for an executable stack; none without it (Go's linker
  // writes none), and then the arch decides (Arch::stack_executable_by_default).
  std::optional<bool> executable_stack;
  std::vector<Segment> segments;      // PT_LOAD, in file order
  std::vector<uint8_t> bytes;         // the whole file
  SymbolTable symbols;                // unbiased, like every address here
  SymbolTable data_symbols;           // data objects (STT_OBJECT), e.g. Go's static func values
};

// Reads and validates `path`. Throws RunError: 127 if it does not exist, 125 otherwise.
ElfImage load_elf_file(const std::string& path);
// Validates an in-memory image; `what` names it in error messages.
ElfImage parse_elf(std::vector<uint8_t> bytes, const std::string& what);

}  // namespace fvemu
