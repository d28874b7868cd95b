// The guest's virtual memory: a map of areas (like the kernel's VMAs) kept beside
// Unicorn's own mappings, so that mmap can pick free addresses, munmap/mprotect can
// work on any page range, and reservations cost nothing.
//
// An area is "backed" when Unicorn has memory for it. Areas that were PROT_NONE from
// the start (Go reserves ~700 MB that way) are not backed until made accessible, so a
// reservation costs neither host memory nor a Unicorn region; touching one faults just
// like touching an unmapped page does, which is what Linux reports too (SIGSEGV).
//
// The memory behind a backed area is fvemu's own (an anonymous host mapping handed to
// Unicorn with uc_mem_map_ptr), so that reading guest memory is a lookup and a copy:
// the tracer reads a func value's word 0 at every call, and uc_mem_read costs ~35 ns.
// Writes still go through Unicorn, which drops translations of code they overwrite.
#pragma once

#include <unicorn/unicorn.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fvemu {

struct MemoryArea {
  uint64_t start;
  uint64_t end;  // exclusive
  int prot;      // PROT_* bits (same values as UC_PROT_*)
  bool backed;   // Unicorn has this range mapped
  std::string name;
  uint8_t* host = nullptr;  // backed: where `start` is in fvemu's memory
};

class AddressSpace {
 public:
  static constexpr uint64_t kPageSize = 4096;
  // What the guest may map (README "Limits"): bytes Unicorn backs, and backed mappings.
  // Past either, mapping fails as the kernel's does past RLIMIT_AS or max_map_count
  // (the syscall returns ENOMEM), and `on_limit` hears which limit it was.
  enum class Limit { kMemory, kMappings };
  struct Limits {
    uint64_t max_backed_bytes = UINT64_MAX;
    size_t max_mappings = SIZE_MAX;  // Arch::max_mappings() for a guest
  };
  static uint64_t page_down(uint64_t a) { return a & ~(kPageSize - 1); }
  static uint64_t page_up(uint64_t a) { return (a + kPageSize - 1) & ~(kPageSize - 1); }

  AddressSpace(uc_engine* uc, uint64_t task_size, uint64_t mmap_top)
      : uc_(uc), task_size_(task_size), mmap_top_(mmap_top) {}
  // Frees the guest's memory. Close the engine first (uc_close frees its regions at
  // once; unmapping them one by one flushed the TLB page by page, for every page).
  ~AddressSpace();
  AddressSpace(const AddressSpace&) = delete;
  AddressSpace& operator=(const AddressSpace&) = delete;
  void set_limits(Limits limits, std::function<void(Limit)> on_limit) {
    limits_ = limits;
    on_limit_ = std::move(on_limit);
  }

  // Maps fresh zeroed memory at [addr, addr+len), replacing whatever was there.
  // Page-aligned arguments. Returns false if the range is outside the task or the
  // mapping would pass a limit.
  bool map_fixed(uint64_t addr, uint64_t len, int prot, const std::string& name);
  // The same for the emulator's own pages beyond the task size (ARM kuser helpers,
  // the i386 GDT): the guest can neither map nor unmap there.
  void map_special(uint64_t addr, uint64_t len, int prot, const std::string& name);
  // Removes every mapping in the range (pages not mapped are fine, as in munmap).
  void unmap(uint64_t addr, uint64_t len);
  // Whether unmap(addr, len) keeps within the limits: a hole punched in the middle of
  // a mapping makes two of one (munmap then fails with ENOMEM, as the kernel's does).
  bool can_unmap(uint64_t addr, uint64_t len) const;
  // Changes protection; false (ENOMEM) if any page in the range is unmapped, or the
  // change would pass a limit (a split mapping, a reservation made real).
  bool protect(uint64_t addr, uint64_t len, int prot);
  // A free range of `len` bytes: `hint` if it is free, else the highest fit below mmap_top.
  std::optional<uint64_t> find_free(uint64_t len, uint64_t hint = 0) const;
  bool is_free(uint64_t addr, uint64_t len) const;
  bool is_mapped(uint64_t addr, uint64_t len) const;
  // Whether code may have run from [addr, addr+len): some of it is executable. Code that
  // ran is translated only while its page stays executable (every change of mapping or
  // protection over code drops the translations), so elsewhere there is none to drop.
  bool may_hold_code(uint64_t addr, uint64_t len) const;
  // MADV_DONTNEED: the backed pages in the range read back as zeros, and fvemu gives
  // their memory back to the host. Whatever is not mapped is skipped.
  void discard(uint64_t addr, uint64_t len);
  const MemoryArea* find(uint64_t addr) const;
  std::vector<MemoryArea> areas() const;
  uint64_t task_size() const { return task_size_; }
  uint64_t backed_bytes() const;
  size_t backed_mappings() const;

  // Guest memory access for syscall handlers; false when any byte is not backed.
  bool read(uint64_t addr, void* out, size_t len) const;
  bool write(uint64_t addr, const void* data, size_t len);
  std::optional<std::string> read_cstring(uint64_t addr, size_t max_len = 4096) const;
  // Little-endian word of `size` bytes (4 or 8), into `out`; false where unmapped. The
  // tracer reads one at every call: a word in the area read last costs no call.
  bool read_word(uint64_t addr, unsigned size, uint64_t& out) const {
    const MemoryArea* a = last_found_;
    out = 0;
    if (!a || !a->backed || addr < a->start || addr >= a->end || a->end - addr < size)
      return read(addr, &out, size);
    std::memcpy(&out, a->host + (addr - a->start), size == 8 ? 8 : 4);
    return true;
  }
  std::optional<uint64_t> read_word(uint64_t addr, unsigned size) const {
    uint64_t v;
    if (!read_word(addr, size, v)) return std::nullopt;
    return v;
  }
  bool write_word(uint64_t addr, uint64_t value, unsigned size);

 private:
  // Splits areas so that `at` is an area boundary (no-op if it already is).
  void split_at(uint64_t at);
  // Fresh zeroed memory for [start, end), mapped into Unicorn: its host address.
  uint8_t* back(uint64_t start, uint64_t end, int prot);
  // Unmaps a backed area's memory from Unicorn and from fvemu.
  void release(const MemoryArea& a);
  // find() through a one-entry cache: consecutive reads are mostly of one area.
  const MemoryArea* find_cached(uint64_t addr) const;
  // Every change to areas_ calls this: the cache may point at an area that is gone.
  void forget_cached() const { last_found_ = nullptr; }
  // How the backed bytes and mappings change when [addr, end) is replaced by one area
  // (`backed_after`: whether Unicorn backs it), or keeps its areas with new protections
  // (`replace` false: the reservations in it become backed).
  struct Delta {
    int64_t bytes = 0;
    int64_t mappings = 0;
  };
  Delta delta(uint64_t addr, uint64_t end, bool replace, bool backed_after) const;
  // Whether applying `d` stays within the limits; tells on_limit_ when not.
  bool fits(Delta d) const;

  uc_engine* uc_;
  uint64_t task_size_;
  uint64_t mmap_top_;
  std::map<uint64_t, MemoryArea> areas_;  // keyed by start
  mutable const MemoryArea* last_found_ = nullptr;
  Limits limits_;
  std::function<void(Limit)> on_limit_;
};

}  // namespace fvemu
