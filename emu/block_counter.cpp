#include "emu/block_counter.h"

#include "emu/arch/arch.h"

namespace fvemu {

BlockCounter::BlockCounter(const Arch& arch, std::function<bool(uint64_t, uint64_t)> is_writable)
    : arch_(arch),
      is_writable_(std::move(is_writable)),
      capstone_(arch.capstone_arch(), false) {}

BlockCounter::~BlockCounter() = default;

uint32_t BlockCounter::translated_count(uc_engine* uc, uint64_t addr, uint32_t size) {
  // The translation of the running block is in Unicorn's cache with the CPU's flags
  // as they are now, so this finds it. Only translations qemu makes for one
  // execution (a single instruction after a store into the running block's page)
  // differ from it, which is why writable code never comes here.
  uc_tb tb{};
  if (uc_ctl_request_cache(uc, addr, &tb) != UC_ERR_OK || tb.size != size) return 0;
  return tb.icount;
}

bool BlockCounter::read_code(uc_engine* uc, uint64_t addr, uint32_t size) {
  code_.resize(size);
  return uc_mem_read(uc, addr, code_.data(), size) == UC_ERR_OK;
}

uint32_t BlockCounter::decoded_count(uc_engine* uc, uint64_t addr) {
  csh h = capstone_.get(arch_.capstone_mode(uc));
  cs_insn* insn = cs_malloc(h);
  const uint8_t* p = code_.data();
  size_t left = code_.size();
  uint64_t at = addr;
  uint32_t n = 0;
  while (left > 0) {
    n++;  // bytes Capstone cannot decode still cost the guest an instruction
    if (!cs_disasm_iter(h, &p, &left, &at, insn)) break;
  }
  cs_free(insn, 1);
  return n ? n : 1;
}

void BlockCounter::set_observed(std::function<bool(uint64_t, uint32_t)> observed) {
  observed_ = std::move(observed);
  for (auto& [addr, b] : blocks_) retire(b);
  blocks_.clear();
  sets_.fill(Set{});
}

void BlockCounter::put_in_sets(uint64_t addr, const Block& b) {
  Set& set = sets_[address_slot<kSetBits>(addr)];
  set.ways[1] = set.ways[0];
  set.ways[0] = Slot{addr, b.size, static_cast<uint16_t>(b.insns), b.observed, b.data.get()};
}

BlockCounter::Counted BlockCounter::count_new_or_writable(uc_engine* uc, uint64_t addr,
                                                           uint32_t size) {
  auto it = blocks_.find(addr);
  if (it != blocks_.end() && it->second.size == size) {
    const Block& b = it->second;
    if (!b.writable) {
      put_in_sets(addr, b);
      return {b.insns, b.observed};
    }
    const bool same = read_code(uc, addr, size) && code_ == b.bytes;
    return {same ? b.insns : kStale, b.observed};
  }
  // In the map before `observed_` asks the observers, which may attach to it.
  if (it != blocks_.end()) retire(it->second);
  Block& b = blocks_.insert_or_assign(addr, Block{size, 0, false, is_writable_(addr, addr + size), {}, {}})
                 .first->second;
  if (!b.writable) b.insns = translated_count(uc, addr, size);
  if (b.insns == 0) b.insns = read_code(uc, addr, size) ? decoded_count(uc, addr) : 1;
  if (b.writable) b.bytes = code_;
  b.observed = observed_ && observed_(addr, size);
  if (!b.writable) put_in_sets(addr, b);
  return {b.insns, b.observed};
}

BlockData* BlockCounter::uncached_data(uint64_t addr, uint32_t size) const {
  auto it = blocks_.find(addr);
  return it != blocks_.end() && it->second.size == size ? it->second.data.get() : nullptr;
}

void BlockCounter::attach(uint64_t addr, uint32_t size, std::unique_ptr<BlockData> d) {
  auto it = blocks_.find(addr);
  if (it == blocks_.end() || it->second.size != size) {
    retired_.push_back(std::move(d));  // not a block of the map: kept alive, unseen
    return;
  }
  retire(it->second);
  it->second.data = std::move(d);
  for (Slot& s : sets_[address_slot<kSetBits>(addr)].ways)
    if (s.addr == addr && s.size == size) s.data = it->second.data.get();
}

void BlockCounter::invalidate(uint64_t begin, uint64_t end) {
  for (auto it = blocks_.begin(); it != blocks_.end();) {
    if (it->first < end && it->first + it->second.size > begin) {
      retire(it->second);
      it = blocks_.erase(it);
    } else
      ++it;
  }
  for (Set& set : sets_)
    for (Slot& s : set.ways)
      if (s.addr < end && s.addr + s.size > begin) s = Slot{};
}

}  // namespace fvemu
