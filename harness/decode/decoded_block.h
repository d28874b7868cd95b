// What tracing needs to know about a translated block, decoded once with Capstone:
// how it ends (the control transfer and its kind), how an indirect target was
// computed inside the block, and whether the block reads the context register
// before writing it. Registers are named the Go assembler's way, whatever their
// width: AX..R15 and PC on x86, R0..R12, SP, LR, PC on ARM.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emu/block_data.h"

namespace fvemu {

enum class CallKind : uint8_t {
  kNone,          // falls through, or a direct jump or branch
  kCall,          // direct call: x86 call rel, ARM bl / blx label
  kIndirectCall,  // through a register or memory; ARM blx rN and the lr-setting pairs
  kIndirectJump,  // jmp reg/mem, ARM bx rN / mov pc / ldr pc / add pc without lr set up
  kReturn,        // ret, bx lr, pop {.., pc}, ldr pc, [sp], #n, add pc, lr, #0
  kSyscall,       // syscall, sysenter, int $0x80, svc
};

// Whether the transfer computes its target (and so has a TargetSource).
inline bool is_indirect(CallKind kind) {
  return kind == CallKind::kIndirectCall || kind == CallKind::kIndirectJump;
}

// "call", "icall", "ijmp", "ret", "syscall" ("" for kNone).
std::string_view call_kind_name(CallKind kind);
std::optional<CallKind> parse_call_kind(std::string_view name);

struct MemoryOperand {
  std::string segment;  // x86 "FS"/"GS" when present
  std::string base, index;  // "" when absent
  int scale = 1;
  int64_t disp = 0;
  std::optional<uint64_t> absolute;  // PC-relative or absolute: the address itself
  // "[AX+0x18]", "[SI+DX*8+0x10]", "[DX+0]", "[GS:0x10]", "[0x8049000]"
  std::string text() const;
};

// How an indirect transfer's target was computed within its block.
struct TargetSource {
  // Empty: the transfer reads its target from `mem` itself (call *0x18(%eax), ldr pc,
  // [r3, #4]). Else the transfer's register first, then each register it was copied
  // from inside the block; `end` says where the last one got its value.
  std::vector<std::string> registers;
  enum End { kLoad, kImmediate, kUnknown } end = kUnknown;
  // kUnknown because the last register was set before the block: by the block before
  // it, or before a block Unicorn split (a scheduling quantum ended in mid-block).
  bool set_before_block = false;
  MemoryOperand mem;  // the load (or the transfer's own memory operand)
  uint64_t load_addr = 0;  // kLoad: the instruction that loads (the transfer itself, or before it)
  // "[AX+0x18]", "CX <- [AX+0]", "CX <- AX <- [DX+0]", "AX <- imm", "R1 <- ?"
  std::string text() const;
  // Whether the target is word 0 of the func value in register `reg`.
  bool is_word0_of(std::string_view reg) const {
    return end == kLoad && mem.base == reg && mem.index.empty() && mem.disp == 0 &&
           mem.segment.empty() && !mem.absolute;
  }
};

// What the harness attaches to a block of the machine's map (emu/block_data.h).
struct DecodedBlock : BlockData {
  uint64_t addr = 0;
  uint32_t size = 0;
  bool thumb = false;
  bool in_image = true;  // in the program's loaded segments, not code it wrote at run time
  CallKind kind = CallKind::kNone;
  uint64_t site = 0;      // address of the last instruction
  uint64_t next = 0;      // the address right after it
  bool conditional = false;  // ARM: the transfer may not be taken (then control reaches `next`)
  std::optional<uint64_t> direct_target;  // kCall
  TargetSource source;                    // kIndirectCall, kIndirectJump
  bool reads_ctx_first = false;  // reads the profile's context register before writing it
  // What the checker asks of every event, decided once here (about the same register):
  // The target went through the context register, or is a copy of its value (ARM's
  // mov r7, r3; mov r1, r3; add pc, r1, #0).
  bool target_via_ctx = false;
  bool target_word0_of_ctx = false;  // source.is_word0_of(the context register)
  // The target was loaded through a register that held, at the load, the value the
  // context register holds at the transfer (the register itself, or copied from or to
  // it in the block): the func value the code word was read from is the one in ctx.
  bool target_from_ctx_value = false;
  // The register the target was loaded through is not written from the load on: its
  // value at the target is the one the load read through.
  bool load_base_kept = false;
  // Else, it is not written in the block before the load: its value at the block's
  // entry is the one the load read through (a block that starts at the load, where
  // Unicorn ended the one before at a page or size limit).
  bool load_base_at_entry = false;
  std::vector<std::string> listing;  // "0x401000: mov rcx, qword ptr [rax]", for calls and jumps
  // Outside the image: the bytes decoded (a recorded trace carries them, as the
  // program's file does not).
  std::vector<uint8_t> code;
};

}  // namespace fvemu
