#include "emu/address_space.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace fvemu {

AddressSpace::~AddressSpace() {
  for (const auto& [start, a] : areas_)
    if (a.backed) munmap(a.host, a.end - a.start);
}

void AddressSpace::split_at(uint64_t at) {
  auto it = areas_.upper_bound(at);
  if (it == areas_.begin()) return;
  --it;
  MemoryArea& a = it->second;
  if (a.start >= at || a.end <= at) return;
  MemoryArea upper = a;
  upper.start = at;
  if (a.host) upper.host = a.host + (at - a.start);
  a.end = at;
  areas_.emplace(at, upper);
  forget_cached();
}

uint8_t* AddressSpace::back(uint64_t start, uint64_t end, int prot) {
  // MAP_NORESERVE: like the kernel's own anonymous memory, a page costs only once used.
  void* host = mmap(nullptr, end - start, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (host == MAP_FAILED)
    throw std::runtime_error(fmt::format("internal: no host memory for {:#x} bytes", end - start));
  uc_err err = uc_mem_map_ptr(uc_, start, end - start, static_cast<uint32_t>(prot), host);
  if (err != UC_ERR_OK)
    throw std::runtime_error(fmt::format("internal: uc_mem_map_ptr({:#x}, {:#x}): {}", start,
                                         end - start, uc_strerror(err)));
  return static_cast<uint8_t*>(host);
}

void AddressSpace::release(const MemoryArea& a) {
  uc_mem_unmap(uc_, a.start, a.end - a.start);
  munmap(a.host, a.end - a.start);
}

AddressSpace::Delta AddressSpace::delta(uint64_t addr, uint64_t end, bool replace,
                                        bool backed_after) const {
  Delta d;
  auto it = areas_.upper_bound(addr);
  if (it != areas_.begin() && std::prev(it)->second.end > addr) --it;
  for (; it != areas_.end() && it->first < end; ++it) {
    const MemoryArea& a = it->second;
    const int64_t overlap = static_cast<int64_t>(std::min(end, a.end) - std::max(addr, a.start));
    if (!a.backed) {
      if (!replace && backed_after) d.bytes += overlap, d.mappings += 1;
    } else if (replace) {
      d.bytes -= overlap;
      if (a.start >= addr && a.end <= end) d.mappings -= 1;  // gone
      if (a.start < addr && a.end > end) d.mappings += 1;    // cut in two
    } else {
      d.mappings += (a.start < addr) + (a.end > end);  // split where the change begins, ends
    }
  }
  if (replace && backed_after) d.bytes += static_cast<int64_t>(end - addr), d.mappings += 1;
  return d;
}

bool AddressSpace::fits(Delta d) const {
  if (d.bytes > 0 && backed_bytes() + static_cast<uint64_t>(d.bytes) > limits_.max_backed_bytes) {
    if (on_limit_) on_limit_(Limit::kMemory);
    return false;
  }
  if (d.mappings > 0 && backed_mappings() + static_cast<size_t>(d.mappings) > limits_.max_mappings) {
    if (on_limit_) on_limit_(Limit::kMappings);
    return false;
  }
  return true;
}

uint64_t AddressSpace::backed_bytes() const {
  uint64_t n = 0;
  for (const auto& [start, a] : areas_)
    if (a.backed) n += a.end - a.start;
  return n;
}

size_t AddressSpace::backed_mappings() const {
  return static_cast<size_t>(std::count_if(areas_.begin(), areas_.end(),
                                           [](const auto& e) { return e.second.backed; }));
}

bool AddressSpace::can_unmap(uint64_t addr, uint64_t len) const {
  return fits(delta(addr, addr + len, true, false));
}

bool AddressSpace::map_fixed(uint64_t addr, uint64_t len, int prot, const std::string& name) {
  if (len == 0 || addr + len < addr || addr + len > task_size_) return false;
  const bool backed = prot != PROT_NONE;
  if (!fits(delta(addr, addr + len, true, backed))) return false;
  unmap(addr, len);
  uint8_t* host = backed ? back(addr, addr + len, prot) : nullptr;
  areas_.emplace(addr, MemoryArea{addr, addr + len, prot, backed, name, host});
  forget_cached();
  return true;
}

void AddressSpace::map_special(uint64_t addr, uint64_t len, int prot, const std::string& name) {
  uint8_t* host = back(addr, addr + len, prot);
  areas_.emplace(addr, MemoryArea{addr, addr + len, prot, true, name, host});
  forget_cached();
}

void AddressSpace::unmap(uint64_t addr, uint64_t len) {
  const uint64_t end = addr + len;
  split_at(addr);
  split_at(end);
  for (auto it = areas_.lower_bound(addr); it != areas_.end() && it->first < end;) {
    if (it->second.backed) release(it->second);
    it = areas_.erase(it);
  }
  forget_cached();
}

bool AddressSpace::protect(uint64_t addr, uint64_t len, int prot) {
  const uint64_t end = addr + len;
  if (!is_mapped(addr, len) || !fits(delta(addr, end, false, prot != PROT_NONE))) return false;
  split_at(addr);
  split_at(end);
  for (auto it = areas_.lower_bound(addr); it != areas_.end() && it->first < end; ++it) {
    MemoryArea& a = it->second;
    if (a.backed) {
      uc_mem_protect(uc_, a.start, a.end - a.start, static_cast<uint32_t>(prot));
    } else if (prot != PROT_NONE) {
      a.host = back(a.start, a.end, prot);  // a reservation becomes real memory, zero-filled
      a.backed = true;
    }
    a.prot = prot;
  }
  return true;
}

const MemoryArea* AddressSpace::find(uint64_t addr) const {
  auto it = areas_.upper_bound(addr);
  if (it == areas_.begin()) return nullptr;
  --it;
  return addr < it->second.end ? &it->second : nullptr;
}

bool AddressSpace::is_free(uint64_t addr, uint64_t len) const {
  if (addr + len < addr || addr + len > task_size_) return false;
  auto it = areas_.lower_bound(addr);
  if (it != areas_.end() && it->first < addr + len) return false;
  if (it != areas_.begin() && std::prev(it)->second.end > addr) return false;
  return true;
}

bool AddressSpace::may_hold_code(uint64_t addr, uint64_t len) const {
  const uint64_t end = addr + len;
  auto it = areas_.upper_bound(addr);
  if (it != areas_.begin() && std::prev(it)->second.end > addr) --it;
  for (; it != areas_.end() && it->first < end; ++it)
    if (it->second.prot & PROT_EXEC) return true;
  return false;
}

void AddressSpace::discard(uint64_t addr, uint64_t len) {
  const uint64_t end = addr + len;
  auto it = areas_.upper_bound(addr);
  if (it != areas_.begin() && std::prev(it)->second.end > addr) --it;
  for (; it != areas_.end() && it->first < end; ++it) {
    const MemoryArea& a = it->second;
    if (!a.backed) continue;
    const uint64_t from = std::max(addr, a.start), to = std::min(end, a.end);
    madvise(a.host + (from - a.start), to - from, MADV_DONTNEED);  // private anonymous: zeros
  }
}

bool AddressSpace::is_mapped(uint64_t addr, uint64_t len) const {
  uint64_t at = addr;
  while (at < addr + len) {
    const MemoryArea* a = find(at);
    if (!a) return false;
    at = a->end;
  }
  return true;
}

std::optional<uint64_t> AddressSpace::find_free(uint64_t len, uint64_t hint) const {
  if (len == 0) return std::nullopt;
  if (hint && hint == page_down(hint) && is_free(hint, len)) return hint;
  // Top-down, like the kernel's default mmap layout: the highest gap below mmap_top.
  uint64_t ceiling = mmap_top_;
  auto it = areas_.lower_bound(ceiling);
  while (true) {
    const uint64_t floor = it == areas_.begin() ? kPageSize * 16 : std::prev(it)->second.end;
    if (ceiling >= floor + len) return ceiling - len;
    if (it == areas_.begin()) return std::nullopt;
    --it;
    ceiling = std::min(ceiling, it->second.start);
  }
}

std::vector<MemoryArea> AddressSpace::areas() const {
  std::vector<MemoryArea> out;
  for (const auto& [start, a] : areas_) out.push_back(a);
  return out;
}

const MemoryArea* AddressSpace::find_cached(uint64_t addr) const {
  if (last_found_ && addr >= last_found_->start && addr < last_found_->end) return last_found_;
  const MemoryArea* a = find(addr);
  if (a) last_found_ = a;
  return a;
}

bool AddressSpace::read(uint64_t addr, void* out, size_t len) const {
  auto* to = static_cast<uint8_t*>(out);
  while (len > 0) {
    const MemoryArea* a = find_cached(addr);
    if (!a || !a->backed) return false;
    const size_t n = std::min<uint64_t>(len, a->end - addr);
    std::memcpy(to, a->host + (addr - a->start), n);
    to += n;
    addr += n;
    len -= n;
  }
  return true;
}

bool AddressSpace::write(uint64_t addr, const void* data, size_t len) {
  if (len == 0) return true;
  return uc_mem_write(uc_, addr, data, len) == UC_ERR_OK;
}

std::optional<std::string> AddressSpace::read_cstring(uint64_t addr, size_t max_len) const {
  std::string s;
  char chunk[64];
  while (s.size() < max_len) {
    // Read up to the next 64-byte boundary so a string ending just before an unmapped
    // page still reads.
    const size_t n = 64 - (addr % 64);
    if (!read(addr, chunk, n)) return std::nullopt;
    for (size_t i = 0; i < n; i++) {
      if (chunk[i] == '\0') return s;
      s.push_back(chunk[i]);
    }
    addr += n;
  }
  return std::nullopt;
}

bool AddressSpace::write_word(uint64_t addr, uint64_t value, unsigned size) {
  return write(addr, &value, size);
}

}  // namespace fvemu
