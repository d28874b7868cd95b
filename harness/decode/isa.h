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
  // What the block's register values say about its transfer, numbered through the
  // block's register copies (a copy shares its source's value, any other write makes a
  // new one) in one pass over insns[0..n-1], the transfer last.
  struct TransferValues {
    // The target register (src.registers.front()) holds the value of the context
    // register at the transfer.
    bool target_is_ctx_value = false;
    // The register the target was loaded through (src.mem.base, at src.load_addr):
    // after the transfer it still holds its value at the load (base_kept), or so
    // does the context register (base_is_ctx_value); it held that value at the
    // block's entry (base_from_entry).
    bool base_kept = false, base_is_ctx_value = false, base_from_entry = false;
  };
  TransferValues transfer_values(const Decoding& d, const cs_insn* insns, size_t n, const TargetSource& src,
                                 std::string_view ctx) const;
  // Whether the instructions read `reg` before writing all of it.
  bool reads_before_writing(csh h, const cs_insn* insns, size_t n, std::string_view reg) const;

 private:
  class ValueNumbers;
};

// The Isa that decodes `arch`'s code; throws std::invalid_argument if none does.
const Isa& isa_of(const Arch& arch);

}  // namespace fvemu
