// Translated blocks decoded once with Capstone (with operand details), kept in the
// machine's block map: an entry dies when its bytes may have changed (mmap, munmap,
// mprotect, cacheflush, and stores over code in writable pages before that code runs
// again), which the machine sees itself.
#pragma once

#include <capstone/capstone.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emu/block_counter.h"
#include "emu/capstone_handles.h"
#include "harness/decode/decoded_block.h"

namespace fvemu {

class Isa;
class Machine;

// Decodes one block's bytes `code` at `addr` (empty if unreadable; `size` is the block's
// size either way) with Capstone handle `h` (operand details on): how it ends, its
// listing for calls and jumps, and whether it reads `context_register` before writing
// it. What BlockCache does for every new block; the decoder fuzzer calls it directly.
std::unique_ptr<DecodedBlock> decode_block(const Isa& isa, csh h, bool thumb, uint64_t addr,
                                           uint32_t size, const std::vector<uint8_t>& code,
                                           std::string_view context_register);

// The decoding of each block the tracer looks at, attached to the machine's block map
// (Machine::blocks()): decoded once, when first asked for, and dropped with the
// block when its code changes (the map retires it; a tracer may still hold it).
class BlockCache {
 public:
  // `context_register`: the register whose reads DecodedBlock::reads_ctx_first is about.
  BlockCache(Machine& m, std::string context_register);
  ~BlockCache();
  BlockCache(const BlockCache&) = delete;
  BlockCache& operator=(const BlockCache&) = delete;

  // The block Unicorn is about to run at `addr` (`size` bytes), decoded in the CPU's
  // current mode. The pointer stays valid as long as the machine.
  const DecodedBlock* get(uint64_t addr, uint32_t size) {
    if (BlockData* d = blocks_.data(addr, size)) return static_cast<const DecodedBlock*>(d);
    return decode(addr, size);
  }

 private:
  const DecodedBlock* decode(uint64_t addr, uint32_t size);

  Machine& m_;
  BlockCounter& blocks_;
  const Isa& isa_;
  std::string context_register_;
  CapstoneHandles capstone_;
};

}  // namespace fvemu
