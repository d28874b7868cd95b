// A program's image as the loader lays it out (each PT_LOAD segment at its address
// plus the load bias), read from the file: the program's code and constant data as
// they are before it runs, with no machine. What the harness decodes code from and
// names addresses with, live and when it checks a recorded trace (check/replay.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "emu/elf/elf_image.h"

namespace fvemu {

// The bias the loader applies: Arch::static_pie_base for a static-pie, else 0.
uint64_t load_bias_of(const ElfImage& image);

class ImageView {
 public:
  ImageView(const ElfImage& image, uint64_t bias) : image_(&image), bias_(bias) {}
  const ElfImage& image() const { return *image_; }
  const Arch& arch() const { return *image_->arch; }
  uint64_t bias() const { return bias_; }
  // Whether `addr` lies in a loaded segment.
  bool contains(uint64_t addr) const { return segment_of(addr) != nullptr; }
  // Whether `addr` lies in a loaded segment the program may execute.
  bool executable(uint64_t addr) const;
  // Where the byte at `addr` is in the file; none past a segment's file bytes.
  std::optional<uint64_t> file_offset(uint64_t addr) const;
  // The `len` bytes at `addr`, as loaded (past a segment's file bytes: zero); false if
  // any of them lies outside the segments.
  bool read(uint64_t addr, void* out, size_t len) const;
  std::optional<uint64_t> read_word(uint64_t addr, unsigned word_size) const;

 private:
  const Segment* segment_of(uint64_t addr) const;
  const ElfImage* image_;
  uint64_t bias_;
};

}  // namespace fvemu
