#include "emu/block_counter.h"

#include "emu/arch/arch.h"

namespace fvemu {

BlockCounter::BlockCounter(const Arch& arch, std::function<bool(uint64_t)> is_writable)
    : arch_(arch),
      direct_(1 << 14),
      is_writable_(std::move(is_writable)),
      capstone_(arch.capstone_arch(), false) {}

BlockCounter::~BlockCounter() = default;

uint32_t BlockCounter::decode_count(uc_engine* uc, uint64_t addr, uint32_t size) {
  code_.resize(size);
  if (size == 0 || uc_mem_read(uc, addr, code_.data(), size) != UC_ERR_OK) return 1;
  csh h = capstone_.get(arch_.capstone_mode(uc));
  cs_insn* insn = cs_malloc(h);
  const uint8_t* p = code_.data();
  size_t left = size;
  uint64_t at = addr;
  uint32_t n = 0;
  while (left > 0) {
    if (!cs_disasm_iter(h, &p, &left, &at, insn)) {
      n++;  // bytes Capstone cannot decode still cost the guest an instruction
      break;
    }
    n++;
  }
  cs_free(insn, 1);
  return n ? n : 1;
}

bool BlockCounter::unchanged(uc_engine* uc, const Slot& s) {
  code_.resize(s.size);
  return uc_mem_read(uc, s.addr, code_.data(), s.size) == UC_ERR_OK && code_ == *s.bytes;
}

BlockCounter::Slot BlockCounter::lookup(uc_engine* uc, uint64_t addr, uint32_t size) {
  auto it = blocks_.find(addr);
  if (it != blocks_.end() && it->second.slot.size == size &&
      (!it->second.slot.bytes || unchanged(uc, it->second.slot)))
    return it->second.slot;
  Block& b = blocks_[addr];
  b.slot = Slot{addr, size, decode_count(uc, addr, size), nullptr};
  if (is_writable_(addr)) {
    b.bytes = code_;  // decode_count left the bytes it decoded there
    b.slot.bytes = &b.bytes;
  }
  return b.slot;
}

void BlockCounter::invalidate(uint64_t begin, uint64_t end) {
  for (auto it = blocks_.begin(); it != blocks_.end();) {
    if (it->first < end && it->first + it->second.slot.size > begin)
      it = blocks_.erase(it);
    else
      ++it;
  }
  for (Slot& s : direct_)
    if (s.addr < end && s.addr + s.size > begin) s = Slot{};
}

}  // namespace fvemu
