// The slot of a code address in a direct-mapped table of 2^kBits entries, for the
// caches asked at every block or call (BlockCounter, the harness's BlockCache, the
// checker's memos). Block addresses share their low bits (Go aligns functions to 32
// bytes), so a mask of them left most slots empty and made a busy program's blocks
// evict each other: the index takes the high bits of a multiplicative hash.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fvemu {

template <unsigned kBits>
inline size_t address_slot(uint64_t addr) {
  return static_cast<size_t>((addr * 0x9e3779b97f4a7c15ull) >> (64 - kBits));
}

}  // namespace fvemu
