// One arch's syscall dispatch: number -> (name, handler). Built once per machine from
// the arch's number table, the shared handlers by topic and the arch-only handlers.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "emu/linux/syscall.h"

namespace fvemu {

class SyscallTable {
 public:
  struct Entry {
    const char* name;                  // from the kernel's table for this arch
    const SyscallHandlerDef* handler;  // null: not implemented (-ENOSYS)
  };
  explicit SyscallTable(const Arch& arch);

  // Null when the number is not a syscall of this arch at all.
  const Entry* find(uint32_t number) const {
    auto it = entries_.find(number);
    return it == entries_.end() ? nullptr : &it->second;
  }
  std::optional<uint32_t> number_of(std::string_view name) const;
  size_t implemented() const;

 private:
  std::unordered_map<uint32_t, Entry> entries_;
};

}  // namespace fvemu
