// The syscall layer's vocabulary. Blink-style: each arch has a number -> name table
// (emu/linux/abi/syscalls_<arch>.inc, generated from the kernel headers) and handlers
// are written once, by name, grouped by topic in emu/linux/syscalls/*.cpp, against an
// arch-neutral view of the arguments.
#pragma once

#include <cerrno>
#include <cstdint>
#include <span>

namespace fvemu {

class Machine;
class Arch;

struct SyscallContext {
  Machine& m;
  const Arch& arch;
  uint32_t number;
  const char* name;
  uint64_t arg[6];
};

// Returns the value the guest sees: >= 0, or -errno (Linux errno values are the same
// on all three targets: asm-generic/errno-base.h).
using SyscallFn = int64_t (*)(SyscallContext&);

// `args` tells --strace how to print each argument, one letter per argument:
//   d signed int, u unsigned, x hex, p pointer, s C string, f fd, o octal,
//   b buffer whose length is the next argument.
struct SyscallHandlerDef {
  const char* name;
  SyscallFn fn;
  const char* args;
};

// The shared handlers of each topic (one file each in emu/linux/syscalls/).
std::span<const SyscallHandlerDef> fs_syscalls();
std::span<const SyscallHandlerDef> fs_stat_syscalls();
std::span<const SyscallHandlerDef> mm_syscalls();
std::span<const SyscallHandlerDef> process_syscalls();
std::span<const SyscallHandlerDef> signal_syscalls();
std::span<const SyscallHandlerDef> time_syscalls();
std::span<const SyscallHandlerDef> misc_syscalls();
std::span<const SyscallHandlerDef> thread_syscalls();
std::span<const SyscallHandlerDef> futex_syscalls();
std::span<const SyscallHandlerDef> epoll_syscalls();
std::span<const SyscallHandlerDef> net_syscalls();

// A handler returns this when it blocked the calling thread (Machine::block_current):
// the result is handed over when the thread is woken.
inline constexpr int64_t kSyscallBlocked = INT64_MIN;
// rt_sigreturn returns this: the registers were restored, the result register included.
inline constexpr int64_t kSyscallNoResult = INT64_MIN + 1;

// The handler named `name` in `defs`, or null.
const SyscallHandlerDef* find_handler(std::span<const SyscallHandlerDef> defs, const char* name);

}  // namespace fvemu
