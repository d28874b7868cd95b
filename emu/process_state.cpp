#include "emu/process_state.h"

#include <algorithm>
#include <cstring>

namespace fvemu {
namespace {

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

void ProcessState::fill_random(void* out, size_t len) {
  auto* p = static_cast<uint8_t*>(out);
  while (len > 0) {
    const uint64_t r = splitmix64(rng_state_);
    const size_t n = std::min<size_t>(len, 8);
    std::memcpy(p, &r, n);
    p += n;
    len -= n;
  }
}

}  // namespace fvemu
