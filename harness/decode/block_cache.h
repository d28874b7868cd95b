// Translated blocks decoded once with Capstone (with operand details) and kept: a
// direct-mapped array in front of a hash map, as the instruction counter does. An
// entry dies when its bytes may have changed: the machine reports every change
// (Observer::on_code_changed: mmap/munmap/mprotect/cacheflush, and stores over code
// in writable pages before that code runs again), and the tracer calls invalidate().
#pragma once

#include <capstone/capstone.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "emu/address_slot.h"
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

class BlockCache {
 public:
  // `context_register`: the register whose reads DecodedBlock::reads_ctx_first is about.
  BlockCache(Machine& m, std::string context_register);
  ~BlockCache();
  BlockCache(const BlockCache&) = delete;
  BlockCache& operator=(const BlockCache&) = delete;

  // The block Unicorn is about to run at `addr` (`size` bytes), decoded in the CPU's
  // current mode. The pointer stays valid as long as the cache: blocks whose bytes
  // changed are retired, not freed (a tracer may still hold the block it came from).
  const DecodedBlock* get(uint64_t addr, uint32_t size) {
    Slot& s = direct_[address_slot<kSlotBits>(addr)];
    if (s.addr == addr && s.size == size) return s.block;
    return lookup(s, addr, size);
  }
  void invalidate(uint64_t begin, uint64_t end);

 private:
  struct Entry {
    std::unique_ptr<const DecodedBlock> block;
  };
  struct Slot {  // the block itself at hand: no pointer to chase on a hit
    uint64_t addr = ~0ull;
    uint32_t size = 0;
    const DecodedBlock* block = nullptr;
  };
  static constexpr unsigned kSlotBits = 14;
  static constexpr size_t kDirectSlots = size_t{1} << kSlotBits;

  const DecodedBlock* lookup(Slot& slot, uint64_t addr, uint32_t size);
  void retire(Entry& e) { retired_.push_back(std::move(e.block)); }

  Machine& m_;
  const Isa& isa_;
  std::string context_register_;
  std::vector<Slot> direct_;
  std::unordered_map<uint64_t, Entry> blocks_;  // by address; node-based, so Slot::entry stays valid
  std::vector<std::unique_ptr<const DecodedBlock>> retired_;
  CapstoneHandles capstone_;
};

}  // namespace fvemu
