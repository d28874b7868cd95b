// One executed control transfer, as `fvemu trace` records it. Register values are
// those at the entry of the block control reached (the callee's first block); they
// are left 0 when no sink asked for them (EventSink::wants_values).
#pragma once

#include <cstdint>
#include <optional>

#include "harness/decode/decoded_block.h"

namespace fvemu {

struct CallEvent {
  int tid = 0;
  uint64_t seq = 0;  // 1, 2, ... in execution order over all threads
  CallKind kind = CallKind::kNone;
  uint64_t site = 0;    // the transfer instruction
  uint64_t target = 0;  // where control went
  uint64_t sp = 0;
  uint64_t ctx = 0;                   // the profile's context register
  std::optional<uint64_t> word0;      // the word ctx points at, when mapped
  const DecodedBlock* from = nullptr;  // the block that ended with the transfer
};

}  // namespace fvemu
