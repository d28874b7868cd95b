// A byte image of a kernel structure, filled by offset: the signal frames of
// emu/arch/arch_*.cpp are written with it, then copied to the guest in one write.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace fvemu {

class FrameBytes {
 public:
  explicit FrameBytes(size_t size) : bytes_(size, 0) {}
  // Little-endian value of `width` bytes at `offset`.
  void put(size_t offset, uint64_t value, size_t width) { std::memcpy(&bytes_[offset], &value, width); }
  uint64_t get(size_t offset, size_t width) const {
    uint64_t v = 0;
    std::memcpy(&v, &bytes_[offset], width);
    return v;
  }
  uint8_t* data() { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace fvemu
