#include "emu/elf/image_view.h"

#include <sys/mman.h>

#include <algorithm>

#include "emu/arch/arch.h"

namespace fvemu {

uint64_t load_bias_of(const ElfImage& image) {
  return image.position_independent ? image.arch->static_pie_base() : 0;
}

const Segment* ImageView::segment_of(uint64_t addr) const {
  for (const Segment& s : image_->segments)
    if (addr >= s.vaddr + bias_ && addr - (s.vaddr + bias_) < s.memsz) return &s;
  return nullptr;
}

bool ImageView::executable(uint64_t addr) const {
  const Segment* s = segment_of(addr);
  return s && (s->prot & PROT_EXEC);
}

std::optional<uint64_t> ImageView::file_offset(uint64_t addr) const {
  const Segment* s = segment_of(addr);
  if (!s || addr - (s->vaddr + bias_) >= s->filesz) return std::nullopt;
  return s->offset + (addr - (s->vaddr + bias_));
}

bool ImageView::read(uint64_t addr, void* out, size_t len) const {
  auto* p = static_cast<uint8_t*>(out);
  while (len > 0) {
    const Segment* s = segment_of(addr);
    if (!s) return false;
    const uint64_t at = addr - (s->vaddr + bias_);
    const size_t n = static_cast<size_t>(std::min<uint64_t>(len, s->memsz - at));
    for (size_t i = 0; i < n; i++)  // the loader zero-fills past the file's bytes
      p[i] = at + i < s->filesz ? image_->bytes[s->offset + at + i] : 0;
    p += n;
    addr += n;
    len -= n;
  }
  return true;
}

std::optional<uint64_t> ImageView::read_word(uint64_t addr, unsigned word_size) const {
  uint64_t v = 0;  // little-endian on every target
  if (!read(addr, &v, word_size)) return std::nullopt;
  return v;
}

}  // namespace fvemu
