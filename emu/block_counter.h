// Instruction counts per translated block, for the instruction limit and the virtual
// clock. Unicorn's own count limit is a per-instruction hook (10-25x slower on x86,
// ABI-FACTS 5), so instead each block is decoded once with Capstone when first seen
// and its count cached: a direct-mapped array in front of a hash map.
//
// Code in read-only pages changes only through mmap/munmap/mprotect/cacheflush, which
// call invalidate(). Code in writable pages (heap trampolines, JITs) can change with
// any store, and Unicorn retranslates it without telling anyone, so such a block keeps
// a copy of its bytes and is checked against memory each time it runs.
#pragma once

#include <capstone/capstone.h>
#include <unicorn/unicorn.h>

#include <array>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include "emu/capstone_handles.h"

namespace fvemu {

class Arch;

class BlockCounter {
 public:
  // `is_writable(addr)`: whether guest stores can reach the code at `addr`.
  BlockCounter(const Arch& arch, std::function<bool(uint64_t)> is_writable);
  ~BlockCounter();
  BlockCounter(const BlockCounter&) = delete;
  BlockCounter& operator=(const BlockCounter&) = delete;

  // Instructions in the block Unicorn reports at `addr` with `size` bytes.
  uint32_t count(uc_engine* uc, uint64_t addr, uint32_t size) {
    Slot& s = direct_[(addr >> 1) % direct_.size()];
    if (s.addr == addr && s.size == size && (!s.bytes || unchanged(uc, s))) return s.count;
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
    const std::vector<uint8_t>* bytes = nullptr;  // writable code: what was decoded
  };
  struct Block {
    Slot slot;
    std::vector<uint8_t> bytes;  // kept for writable code only
  };
  Slot lookup(uc_engine* uc, uint64_t addr, uint32_t size);
  bool unchanged(uc_engine* uc, const Slot& s);
  uint32_t decode_count(uc_engine* uc, uint64_t addr, uint32_t size);

  const Arch& arch_;
  std::vector<Slot> direct_;
  std::function<bool(uint64_t)> is_writable_;
  std::unordered_map<uint64_t, Block> blocks_;  // node-based: Slot::bytes stays valid
  CapstoneHandles capstone_;
  std::vector<uint8_t> code_;
};

}  // namespace fvemu
