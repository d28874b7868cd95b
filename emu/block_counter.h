// Instruction counts per translated block, for the instruction limit and the virtual
// clock. Unicorn's own count limit is a per-instruction hook (10-25x slower on x86,
// ABI-FACTS 5), so instead each block is decoded once with Capstone when first seen
// and its count cached: a direct-mapped array in front of a hash map.
#pragma once

#include <capstone/capstone.h>
#include <unicorn/unicorn.h>

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace fvemu {

class Arch;

class BlockCounter {
 public:
  explicit BlockCounter(const Arch& arch);
  ~BlockCounter();
  BlockCounter(const BlockCounter&) = delete;
  BlockCounter& operator=(const BlockCounter&) = delete;

  // Instructions in the block Unicorn reports at `addr` with `size` bytes.
  uint32_t count(uc_engine* uc, uint64_t addr, uint32_t size) {
    Slot& s = direct_[(addr >> 1) % direct_.size()];
    if (s.addr == addr && s.size == size) return s.count;
    s = lookup(uc, addr, size);
    return s.count;
  }
  // Forget blocks overlapping [begin, end): their code bytes changed.
  void invalidate(uint64_t begin, uint64_t end);

 private:
  struct Slot {
    uint64_t addr = ~0ull;
    uint32_t size = 0;
    uint32_t count = 0;
  };
  Slot lookup(uc_engine* uc, uint64_t addr, uint32_t size);
  uint32_t decode_count(uc_engine* uc, uint64_t addr, uint32_t size);
  csh handle_for(cs_mode mode);

  const Arch& arch_;
  std::vector<Slot> direct_;
  std::unordered_map<uint64_t, Slot> blocks_;
  std::vector<std::pair<cs_mode, csh>> handles_;
  std::vector<uint8_t> code_;
};

}  // namespace fvemu
