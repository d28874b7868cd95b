// The encodings mutation operators need that changing one byte of an instruction does
// not give (harness/mutate/operators.cpp tries those itself): no-operations of a given
// length, a register copy, a load with another displacement. One implementation per
// instruction set (encoder_x86.cpp, encoder_arm.cpp), found from an Arch as Isa is.
// Every result is only a candidate: the operator decodes it with Capstone and keeps it
// only if it is the instruction it meant.
#pragma once

#include <capstone/capstone.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace fvemu {

class Arch;

using Bytes = std::vector<uint8_t>;

class Encoder {
 public:
  virtual ~Encoder() = default;
  virtual cs_arch capstone_arch() const = 0;
  // Exactly `size` bytes that do nothing, in the state `thumb`; empty if none.
  virtual Bytes nop(unsigned size, bool thumb) const = 0;
  // `dst := src` (full registers, Go names), padded with no-operations to exactly
  // `size` bytes; empty if none fits. `like`: the instruction it replaces (ARM: its
  // condition).
  virtual Bytes copy(const cs_insn& like, std::string_view dst, std::string_view src,
                     unsigned size, bool thumb, unsigned word) const = 0;
  // `load` with its memory displacement made `disp`, same length; empty if none.
  virtual Bytes with_displacement(const cs_insn& load, int64_t disp, bool thumb) const = 0;
  // An indirect call through [base+disp], padded to exactly `size` bytes; empty if
  // this instruction set has none (ARM: a call never reads memory).
  virtual Bytes call_through_memory(std::string_view base, int64_t disp, unsigned size,
                                    unsigned word) const = 0;
};

// The Encoder for `arch`'s code; throws std::invalid_argument if none.
const Encoder& encoder_of(const Arch& arch);

}  // namespace fvemu
