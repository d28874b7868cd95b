// Per-target decoding knowledge for tracing (one implementation per instruction set:
// isa_x86.cpp for 386 and amd64, isa_arm.cpp for ARM and Thumb), the harness's
// counterpart of emu/arch/: how a block's last instruction transfers control, and
// register names.
#pragma once

#include <capstone/capstone.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/decode/decoded_block.h"

namespace fvemu {

// The Capstone handle a block is decoded with, and its instruction set state.
struct Decoding {
  csh h;
  bool thumb = false;  // ARM: Thumb state (pc reads 4 ahead, word aligned)
};

class Isa {
 public:
  virtual ~Isa() = default;
  // The Go-style name of the full register that Capstone register `reg` is (part
  // of); "" for registers that are not general purpose.
  virtual std::string reg_name(csh h, unsigned reg) const = 0;
  // Whether writing `reg` replaces the whole of its full register (x86: 32/64-bit
  // writes do, 8/16-bit ones merge).
  virtual bool writes_whole(csh h, unsigned reg) const = 0;
  // Whether `insn` only writes its destination although it names it as a source
  // (x86 `xor %edx,%edx`).
  virtual bool is_zeroing_idiom(const cs_insn& insn) const = 0;
  // The Unicorn register id of a full register named the Go way, for a CPU whose
  // registers are `word_size` bytes wide (Unicorn's 32-bit x86 reads EDX, not RDX); -1
  // if there is none.
  virtual int unicorn_reg(std::string_view name, unsigned word_size) const = 0;
  // Fills out.kind, direct_target, conditional and source from the block's last
  // instruction, insns[n-1] (insns are the block's instructions, with details).
  virtual void classify(const Decoding& d, const cs_insn* insns, size_t n, DecodedBlock& out) const = 0;

  // Where `insn`, which writes register `reg`, takes the value from.
  struct WriteOrigin {
    enum { kCopy, kLoad, kImmediate, kOther } what = kOther;
    std::string from;  // kCopy: the source register
    MemoryOperand mem;  // kLoad
  };
  virtual WriteOrigin origin_of(const Decoding& d, const cs_insn& insn, std::string_view reg) const = 0;

  // Registers `insn` reads and writes wholly, by full name (shared by every Isa).
  void registers_of(csh h, const cs_insn& insn, std::vector<std::string>& read,
                    std::vector<std::string>& written) const;
  // How register `reg` got its value before insns[at]: back through copies to a load,
  // an immediate, or something else (TargetSource::kUnknown).
  TargetSource trace_register(const Decoding& d, const cs_insn* insns, size_t at, std::string reg) const;
  // Whether the instructions read `reg` before writing all of it.
  bool reads_before_writing(csh h, const cs_insn* insns, size_t n, std::string_view reg) const;
};

const Isa& isa_x86();
const Isa& isa_arm();
// The Isa of an emu Arch, by its name ("386", "amd64", "arm").
const Isa& isa_for(std::string_view arch_name);

}  // namespace fvemu
