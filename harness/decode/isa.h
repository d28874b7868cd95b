// Per-target decoding knowledge for tracing (one implementation per instruction set:
// isa_x86.cpp for 386 and amd64, isa_arm.cpp for ARM and Thumb), the harness's
// counterpart of emu/arch/, found from an Arch (isa_of): how a block's last
// instruction transfers control, Capstone's register names the Go way, and which
// register a profile names on this instruction set.
#pragma once

#include <capstone/capstone.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/decode/decoded_block.h"

namespace fvemu {

class Arch;
struct Profile;

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
  // Whether `insn`'s result does not depend on its destination's old value although
  // Capstone lists it as read (x86 `xor %edx,%edx`, `sbb %rdx,%rdx`, `bsf %rbx,%rdx`).
  virtual bool ignores_old_value(const cs_insn& insn) const = 0;
  // The Capstone architecture this Isa decodes (how isa_of finds it).
  virtual cs_arch capstone_arch() const = 0;
  // The register `p` makes the context register on this instruction set.
  virtual std::string_view context_register(const Profile& p) const = 0;
  // Fills out.kind, direct_target, conditional and source from the block's last
  // instruction, insns[n-1] (insns are the block's instructions, with details).
  virtual void classify(const Decoding& d, const cs_insn* insns, size_t n, DecodedBlock& out) const = 0;

  // How control leaves one instruction, for walking a function statically.
  struct Flow {
    enum { kNext, kBranch, kJump, kCall, kStop } what = kNext;  // kBranch: conditional
    uint64_t target = 0;  // kBranch, kJump: the direct target
  };
  virtual Flow flow_of(const Decoding& d, const cs_insn& insn) const = 0;

  // Where `insn`, which writes register `reg`, takes the value from.
  struct WriteOrigin {
    enum { kCopy, kLoad, kImmediate, kOther } what = kOther;
    std::string from;  // kCopy: the source register
    MemoryOperand mem;  // kLoad
  };
  virtual WriteOrigin origin_of(const Decoding& d, const cs_insn& insn, std::string_view reg) const = 0;

  // Registers `insn` reads and writes, by full name (shared by every Isa). A write of
  // part of a register (x86 `mov 0x63(%rcx),%dl`) counts as a write: what the code
  // reads back from it afterwards is not the value the register came in with.
  void registers_of(csh h, const cs_insn& insn, std::vector<std::string>& read,
                    std::vector<std::string>& written) const;
  // How register `reg` got its value before insns[at]: back through copies to a load,
  // an immediate, or something else (TargetSource::kUnknown).
  TargetSource trace_register(const Decoding& d, const cs_insn* insns, size_t at, std::string reg) const;
  // Whether the register `src` loaded the target through (src.mem.base, at
  // src.load_addr) held there the value `reg` holds after insns[n-1]: the same value,
  // numbered through the block's register copies.
  bool loaded_through_value_of(const Decoding& d, const cs_insn* insns, size_t n,
                               const TargetSource& src, std::string_view reg) const;
  // Whether registers `a` and `b` hold the same value at the transfer, insns[n-1]
  // (numbered through the block's register copies, as above).
  bool same_value_at_transfer(const Decoding& d, const cs_insn* insns, size_t n, std::string_view a,
                              std::string_view b) const;
  // Whether the register src loaded the target through holds at the block's entry the
  // value it has at the load (nothing before the load changes it, numbered as above).
  bool unchanged_before_load(const Decoding& d, const cs_insn* insns, size_t n,
                             const TargetSource& src) const;
  // Whether the instructions read `reg` before writing all of it.
  bool reads_before_writing(csh h, const cs_insn* insns, size_t n, std::string_view reg) const;

 private:
  class ValueNumbers;
};

// The Isa that decodes `arch`'s code; throws std::invalid_argument if none does.
const Isa& isa_of(const Arch& arch);

}  // namespace fvemu
