// Small helpers the syscall topic files share.
#pragma once

#include <fcntl.h>

#include <cstdint>
#include <string>

#include "emu/address_space.h"
#include "emu/arch/arch.h"
#include "emu/linux/syscall.h"
#include "emu/machine.h"

namespace fvemu {

// Argument as the C int the kernel sees (32-bit on every target).
inline int int_arg(uint64_t v) { return static_cast<int32_t>(v); }

// Host fd behind a guest fd, or -EBADF.
inline int host_fd(SyscallContext& c, uint64_t guest_fd) {
  const int fd = c.m.files().host(int_arg(guest_fd));
  return fd < 0 ? -EBADF : fd;
}

// The directory a relative path is resolved against for *at() calls: the guest's cwd
// for AT_FDCWD, else the path of the directory fd. Empty on a bad fd or one that is no
// directory (the Sandbox then refuses a relative path with EBADF).
std::string base_dir_for(SyscallContext& c, uint64_t dirfd);
// Why a relative path has no base directory: EBADF for a bad fd, ENOTDIR for one that
// is no directory (fs/namei.c path_init).
inline int64_t no_base_dir_error(SyscallContext& c, uint64_t dirfd) {
  return c.m.files().host(int_arg(dirfd)) < 0 ? -EBADF : -ENOTDIR;
}

// Reads a guest C string path argument; nullopt means EFAULT.
inline std::optional<std::string> path_arg(SyscallContext& c, uint64_t addr) {
  return c.m.mem().read_cstring(addr, 4096);
}

// Writes `len` bytes to guest memory: 0, or -EFAULT.
inline int64_t copy_out(SyscallContext& c, uint64_t addr, const void* data, size_t len) {
  return c.m.mem().write(addr, data, len) ? 0 : -EFAULT;
}

// Writes a sequence of guest words (timespec, timeval, rlimit, ...): 0, or -EFAULT.
int64_t write_words(Machine& m, uint64_t addr, std::initializer_list<uint64_t> words,
                    unsigned word_size);
inline int64_t write_words(SyscallContext& c, uint64_t addr, std::initializer_list<uint64_t> words,
                           unsigned word_size) {
  return write_words(c.m, addr, words, word_size);
}

}  // namespace fvemu
