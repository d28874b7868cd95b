#include "emu/linux/syscall_table.h"

#include <cstring>
#include <initializer_list>
#include <span>

#include "emu/arch/arch.h"

namespace fvemu {

const SyscallHandlerDef* find_handler(std::span<const SyscallHandlerDef> defs, const char* name) {
  for (const SyscallHandlerDef& d : defs)
    if (std::strcmp(d.name, name) == 0) return &d;
  return nullptr;
}

SyscallTable::SyscallTable(const Arch& arch) {
  const std::span<const SyscallHandlerDef> topics[] = {
      fs_syscalls(),      fs_stat_syscalls(), mm_syscalls(),  process_syscalls(),
      signal_syscalls(),  time_syscalls(),    misc_syscalls(), thread_syscalls(),
      futex_syscalls(),   epoll_syscalls(),   net_syscalls()};
  for (const SyscallName& sn : arch.syscall_names()) {
    const SyscallHandlerDef* h = find_handler(arch.arch_syscalls(), sn.name);
    for (size_t i = 0; !h && i < std::size(topics); i++) h = find_handler(topics[i], sn.name);
    entries_.emplace(sn.number, Entry{sn.name, h});
  }
}

std::optional<uint32_t> SyscallTable::number_of(std::string_view name) const {
  for (const auto& [nr, e] : entries_)
    if (name == e.name) return nr;
  return std::nullopt;
}

size_t SyscallTable::implemented() const {
  size_t n = 0;
  for (const auto& [nr, e] : entries_) n += e.handler != nullptr;
  return n;
}

}  // namespace fvemu
