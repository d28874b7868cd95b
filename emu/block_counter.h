// The machine's one map of translated blocks: each block's instruction count, for the
// instruction limit and the virtual clock; whether observers want it; the check that
// its translation is still current; and what an observer attached to it (BlockData:
// the harness's decoding, so that nothing else keeps a second map of blocks). Unicorn's own count limit
// is a per-instruction hook (10-25x slower on x86, ABI-FACTS 5), so each block is
// counted once, when first seen, and the count cached: a two-way set-associative
// table (a load and two compares: what most block entries cost) in front of a hash map.
//
// The count is Unicorn's own (the translation block's icount, UC_CTL_TB_REQUEST_CACHE),
// so that Capstone is not needed to run a guest; Capstone decodes only the blocks
// Unicorn cannot describe (code in writable pages, see below).
//
// Code in read-only pages changes only through mmap/munmap/mprotect/cacheflush, which
// call invalidate(). Code in writable pages (heap trampolines, JITs) can change with
// any store, and Unicorn 2.1 no longer retranslates every such change (its store fast
// path skips the check once a page's TLB entry is dirty), so a block there keeps a
// copy of its bytes, is compared with memory each time it runs, and is reported stale
// when they differ: the machine then drops the translation before the block runs.
#pragma once

#include <unicorn/unicorn.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "emu/address_slot.h"
#include "emu/block_data.h"
#include "emu/capstone_handles.h"

namespace fvemu {

class Arch;

class BlockCounter {
 public:
  // What count() returns for a block whose bytes changed since it was translated.
  static constexpr uint32_t kStale = 0;
  // What is kept of a block: its instruction count (at least 1, or kStale) and whether
  // the machine's observers want to see it run.
  struct Counted {
    uint32_t insns;
    bool observed;
  };
  // One cached entry: read-only code only (writable code is compared every time).
  struct Slot {
    uint64_t addr = ~0ull;
    uint32_t size = 0;
    uint16_t insns = 0;  // Unicorn's blocks have at most 512 instructions
    bool observed = false;
    BlockData* data = nullptr;  // what an observer attached, if anything
  };

  // `is_writable(begin, end)`: whether guest stores can reach code in [begin, end).
  BlockCounter(const Arch& arch, std::function<bool(uint64_t, uint64_t)> is_writable);
  ~BlockCounter();
  BlockCounter(const BlockCounter&) = delete;
  BlockCounter& operator=(const BlockCounter&) = delete;

  // `observed(addr, size)` is asked once per block, when it is first counted (none is
  // observed without it). Setting it forgets every block counted so far.
  void set_observed(std::function<bool(uint64_t, uint32_t)> observed);
  // The block Unicorn is about to run at `addr` with `size` bytes. Call it only from a
  // block hook of `uc` for that block: the count is asked of the translation there.
  Counted count(uc_engine* uc, uint64_t addr, uint32_t size) {
    if (const Slot* s = cached(addr, size)) return {s->insns, s->observed};
    return count_new_or_writable(uc, addr, size);
  }
  // A block seen before in a read-only page, or null: what count() costs a block hook
  // most of the time, with no call.
  const Slot* cached(uint64_t addr, uint32_t size) const {
    const Set& set = sets_[address_slot<kSetBits>(addr)];
    for (const Slot& s : set.ways)
      if (s.addr == addr && s.size == size) return &s;
    return nullptr;
  }
  // Forget blocks overlapping [begin, end): their code bytes changed.
  void invalidate(uint64_t begin, uint64_t end);

  // What was attached to the block counted at `addr` with `size` bytes, or null.
  BlockData* data(uint64_t addr, uint32_t size) const {
    if (const Slot* s = cached(addr, size)) return s->data;
    return uncached_data(addr, size);
  }
  // Attaches `d` to that block, which must have been counted (or be being counted:
  // `observed` may attach). It lives until the block is forgotten, then is retired.
  void attach(uint64_t addr, uint32_t size, std::unique_ptr<BlockData> d);

 private:
  // Two ways per set: with one, two hot blocks of a loop that hash alike evicted each
  // other on every iteration (go_heavy took the slow path 3 million times).
  static constexpr unsigned kSetBits = 13;
  struct Set {
    Slot ways[2];  // the most recently added first
  };
  struct Block {
    uint32_t size = 0;
    uint32_t insns = 0;
    bool observed = false;
    bool writable = false;
    std::vector<uint8_t> bytes;  // writable code: what was counted
    std::unique_ptr<BlockData> data;
  };
  Counted count_new_or_writable(uc_engine* uc, uint64_t addr, uint32_t size);
  BlockData* uncached_data(uint64_t addr, uint32_t size) const;
  void retire(Block& b) {
    if (b.data) retired_.push_back(std::move(b.data));
  }
  void put_in_sets(uint64_t addr, const Block& b);
  // The block's count from its translation; 0 if Unicorn has none of that size there.
  static uint32_t translated_count(uc_engine* uc, uint64_t addr, uint32_t size);
  // The count Capstone decodes from `code_` (the block's bytes) in the CPU's mode.
  uint32_t decoded_count(uc_engine* uc, uint64_t addr);
  bool read_code(uc_engine* uc, uint64_t addr, uint32_t size);

  const Arch& arch_;
  std::array<Set, size_t{1} << kSetBits> sets_{};  // inline: one load less per block
  std::function<bool(uint64_t, uint64_t)> is_writable_;
  std::function<bool(uint64_t, uint32_t)> observed_;
  std::unordered_map<uint64_t, Block> blocks_;
  std::vector<std::unique_ptr<BlockData>> retired_;
  CapstoneHandles capstone_;  // opens nothing until a block needs decoding
  std::vector<uint8_t> code_;
};

}  // namespace fvemu
