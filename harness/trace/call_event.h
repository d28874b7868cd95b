// One executed control transfer, as `fvemu trace` records it: complete, so that a
// rule judges it from the event alone, live or from a recorded trace (check/replay.h).
// Register values are those at the entry of the block control reached (the callee's
// first block); they are left 0 when no sink asked for them (EventSink::wants_values).
#pragma once

#include <cstdint>
#include <optional>

#include "emu/arch/arch.h"
#include "harness/decode/decoded_block.h"

namespace fvemu {

struct CallEvent {
  int tid = 0;
  uint64_t seq = 0;  // 1, 2, ... in execution order over all threads
  CallKind kind = CallKind::kNone;
  uint64_t site = 0;    // the transfer instruction
  uint64_t target = 0;  // where control went (ARM: bit 0 clear)
  bool thumb = false;   // ARM: the CPU runs the target in Thumb state
  uint64_t sp = 0;
  uint64_t ctx = 0;                   // the profile's context register
  std::optional<uint64_t> word0;      // the word ctx points at, when mapped
  // Control went to a func value itself: its word 0 points at executable memory.
  // Judged when target == ctx; in step 1 (no context register) for every indirect
  // transfer, whose target's word 0 is then code elsewhere than the target.
  bool target_is_func_value = false;
  // Control never started at the target: fetching it faulted (unmapped or not
  // executable memory, a call into data), and the fault is the next thing that ran.
  bool target_not_code = false;
  // The transfer never ran: loading its target (at from->source.load_addr) faulted at
  // this address. Such an event has no target; only sinks that ask get it
  // (EventSink::wants_load_faults).
  std::optional<uint64_t> load_fault;
  // The register the target was loaded through (from->source.mem.base), when the
  // profile's rules ask about it (step1) and it is neither ctx, SP nor PC: its value
  // and the word it points at.
  std::optional<uint64_t> load_base, load_base_word0;
  const DecodedBlock* from = nullptr;  // the block that ended with the transfer
};

// Whether `word`, a func value's word 0, is the code address of `e`'s target: the
// target itself, or with bit 0 set when the target runs in Thumb state (ARM
// interworking: a Thumb function's address is odd).
inline bool is_code_word_of(const Arch& arch, uint64_t word, const CallEvent& e) {
  return word == e.target || word == arch.code_address(e.target, e.thumb);
}

}  // namespace fvemu
