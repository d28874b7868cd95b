// File descriptors and paths: open/read/write and friends. Every path goes through
// the Sandbox (emu/linux/sandbox.h); every fd through the FileTable.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <optional>
#include <vector>

#include "emu/linux/syscalls/common.h"

namespace fvemu {
namespace {

constexpr size_t kMaxIo = 16 << 20;  // one read/write moves at most this much (a short count)

// A failed host write. Writing to a pipe nobody reads raises SIGPIPE (fs/pipe.c); with
// the default action that kills the guest. Handlers are not run yet (no signal
// delivery), so a guest that handles or ignores SIGPIPE just sees EPIPE.
int64_t write_error(SyscallContext& c) {
  const int err = errno;
  if (err == EPIPE && c.m.process().signal_actions[SIGPIPE].handler == 0 /* SIG_DFL */)
    c.m.raise_fatal_signal(SIGPIPE, reg_read(c.m.uc(), c.arch.reg_pc()), std::nullopt);
  return -err;
}

int64_t do_read(SyscallContext& c, uint64_t fd_arg, uint64_t buf, uint64_t count,
                const uint64_t* offset) {
  const int fd = host_fd(c, fd_arg);
  if (fd < 0) return fd;
  std::vector<uint8_t> data(std::min<uint64_t>(count, kMaxIo));
  const ssize_t n = offset ? ::pread(fd, data.data(), data.size(), static_cast<off_t>(*offset))
                           : ::read(fd, data.data(), data.size());
  if (n < 0) return -errno;
  if (copy_out(c, buf, data.data(), static_cast<size_t>(n)) < 0) return -EFAULT;
  return n;
}

// Writes what --max-output still allows of `data` to host `fd` (at `offset` if given).
int64_t write_out(SyscallContext& c, int fd, const std::vector<uint8_t>& data,
                  const uint64_t* offset) {
  const uint64_t allowed = c.m.output_allowance(data.size());
  if (allowed == 0 && !data.empty()) return -EFBIG;  // and the guest is being killed
  const ssize_t n = offset ? ::pwrite(fd, data.data(), allowed, static_cast<off_t>(*offset))
                           : ::write(fd, data.data(), allowed);
  if (n < 0) return write_error(c);
  c.m.limits().count_output(static_cast<uint64_t>(n));
  return n;
}

int64_t do_write(SyscallContext& c, uint64_t fd_arg, uint64_t buf, uint64_t count,
                 const uint64_t* offset) {
  const int fd = host_fd(c, fd_arg);
  if (fd < 0) return fd;
  std::vector<uint8_t> data(std::min<uint64_t>(count, kMaxIo));
  if (!c.m.mem().read(buf, data.data(), data.size())) return -EFAULT;
  return write_out(c, fd, data, offset);
}

int64_t sys_read(SyscallContext& c) { return do_read(c, c.arg[0], c.arg[1], c.arg[2], nullptr); }
int64_t sys_write(SyscallContext& c) { return do_write(c, c.arg[0], c.arg[1], c.arg[2], nullptr); }

int64_t sys_pread64(SyscallContext& c) {
  const uint64_t off = c.arch.syscall_arg64(c.arg, 3);
  return do_read(c, c.arg[0], c.arg[1], c.arg[2], &off);
}
int64_t sys_pwrite64(SyscallContext& c) {
  const uint64_t off = c.arch.syscall_arg64(c.arg, 3);
  return do_write(c, c.arg[0], c.arg[1], c.arg[2], &off);
}

// struct iovec {void* base; size_t len;} in guest words.
bool read_iovecs(SyscallContext& c, uint64_t addr, uint64_t count,
                 std::vector<std::pair<uint64_t, uint64_t>>& out) {
  const unsigned w = c.arch.word_size();
  if (count > 1024) return false;
  for (uint64_t i = 0; i < count; i++) {
    auto base = c.m.mem().read_word(addr + i * 2 * w, w);
    auto len = c.m.mem().read_word(addr + i * 2 * w + w, w);
    if (!base || !len) return false;
    out.emplace_back(*base, *len);
  }
  return true;
}

int64_t sys_writev(SyscallContext& c) {
  const int fd = host_fd(c, c.arg[0]);
  if (fd < 0) return fd;
  std::vector<std::pair<uint64_t, uint64_t>> iov;
  if (!read_iovecs(c, c.arg[1], c.arg[2], iov)) return c.arg[2] > 1024 ? -EINVAL : -EFAULT;
  std::vector<uint8_t> data;  // gathered, so the host sees one write as the guest asked
  for (const auto& [base, len] : iov) {
    const size_t at = data.size();
    if (at + len > kMaxIo) return -EINVAL;
    data.resize(at + len);
    if (!c.m.mem().read(base, data.data() + at, len)) return -EFAULT;
  }
  return write_out(c, fd, data, nullptr);
}

int64_t sys_readv(SyscallContext& c) {
  const int fd = host_fd(c, c.arg[0]);
  if (fd < 0) return fd;
  std::vector<std::pair<uint64_t, uint64_t>> iov;
  if (!read_iovecs(c, c.arg[1], c.arg[2], iov)) return c.arg[2] > 1024 ? -EINVAL : -EFAULT;
  uint64_t total = 0;
  for (const auto& v : iov) total += v.second;
  std::vector<uint8_t> data(std::min<uint64_t>(total, kMaxIo));
  const ssize_t n = ::read(fd, data.data(), data.size());
  if (n < 0) return -errno;
  size_t at = 0;
  for (const auto& [base, len] : iov) {
    const size_t take = std::min<size_t>(len, static_cast<size_t>(n) - at);
    if (!c.m.mem().write(base, data.data() + at, take)) return -EFAULT;
    at += take;
  }
  return n;
}

// Kernel-provided files runtimes read at start-up, with fixed contents (determinism),
// served read-only from memory whatever the sandbox allows.
struct VirtualFile {
  const char* path;
  const char* content;
};
constexpr VirtualFile kVirtualFiles[] = {
    // Go's osinit reads the huge page size (runtime/os_linux.go getHugePageSize).
    {"/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", "2097152\n"},
};

std::optional<int> open_virtual_file(const std::string& abs_path) {
  for (const VirtualFile& f : kVirtualFiles) {
    if (abs_path != f.path) continue;
    const int fd = ::memfd_create("fvemu-virtual-file", MFD_CLOEXEC);
    if (fd < 0) return -errno;
    const size_t n = std::strlen(f.content);
    if (::write(fd, f.content, n) != static_cast<ssize_t>(n) || ::lseek(fd, 0, SEEK_SET) != 0) {
      ::close(fd);
      return -EIO;
    }
    return fd;
  }
  return std::nullopt;
}

int64_t do_openat(SyscallContext& c, uint64_t dirfd, uint64_t path_addr, uint64_t flags,
                  uint64_t mode) {
  auto path = path_arg(c, path_addr);
  if (!path) return -EFAULT;
  if (auto fd = open_virtual_file(Sandbox::absolute(*path, c.m.sandbox().cwd()))) {
    if (*fd < 0) return *fd;
    if ((int_arg(flags) & O_ACCMODE) != O_RDONLY) {
      ::close(*fd);
      return -EACCES;
    }
    return c.m.files().add(*fd, int_arg(flags) & O_CLOEXEC);
  }
  const std::string base = base_dir_for(c, dirfd);
  if (base.empty() && (*path)[0] != '/') return no_base_dir_error(c, dirfd);
  const int host_flags = c.arch.open_flags_to_host(int_arg(flags));
  const int fd = c.m.sandbox().open(*path, base, host_flags, static_cast<unsigned>(mode));
  if (fd < 0) return fd;
  return c.m.files().add(fd, host_flags & O_CLOEXEC);
}

int64_t sys_open(SyscallContext& c) { return do_openat(c, static_cast<uint64_t>(AT_FDCWD), c.arg[0], c.arg[1], c.arg[2]); }
int64_t sys_openat(SyscallContext& c) { return do_openat(c, c.arg[0], c.arg[1], c.arg[2], c.arg[3]); }
int64_t sys_close(SyscallContext& c) { return c.m.files().close(int_arg(c.arg[0])); }

int64_t sys_lseek(SyscallContext& c) {
  const int fd = host_fd(c, c.arg[0]);
  if (fd < 0) return fd;
  // off_t is a signed word: sign-extend on 32-bit targets.
  const int64_t off = c.arch.word_size() == 4 ? static_cast<int32_t>(c.arg[1])
                                              : static_cast<int64_t>(c.arg[1]);
  const off_t r = ::lseek(fd, off, int_arg(c.arg[2]));
  if (r < 0) return -errno;
  if (c.arch.word_size() == 4 && r > INT32_MAX) return -EOVERFLOW;
  return r;
}

// _llseek(fd, offset_high, offset_low, loff_t* result, whence) on 32-bit targets.
int64_t sys_llseek(SyscallContext& c) {
  const int fd = host_fd(c, c.arg[0]);
  if (fd < 0) return fd;
  const int64_t off = static_cast<int64_t>((c.arg[1] << 32) | (c.arg[2] & 0xffffffff));
  const off_t r = ::lseek(fd, off, int_arg(c.arg[4]));
  if (r < 0) return -errno;
  const int64_t result = r;
  return copy_out(c, c.arg[3], &result, 8);
}

int64_t do_readlinkat(SyscallContext& c, uint64_t dirfd, uint64_t path_addr, uint64_t buf,
                      uint64_t size) {
  auto path = path_arg(c, path_addr);
  if (!path) return -EFAULT;
  if (int_arg(size) <= 0) return -EINVAL;
  std::string target;
  if (*path == "/proc/self/exe") {
    target = c.m.sandbox().executable();
  } else {
    bool writable;
    const int fd = c.m.sandbox().open_path(*path, base_dir_for(c, dirfd), false, &writable);
    if (fd < 0) return fd;
    char tmp[4096];
    const ssize_t n = ::readlinkat(fd, "", tmp, sizeof tmp);
    const int err = errno;
    ::close(fd);
    if (n < 0) return -err;
    target.assign(tmp, static_cast<size_t>(n));
  }
  const size_t n = std::min<size_t>(target.size(), size);
  if (copy_out(c, buf, target.data(), n) < 0) return -EFAULT;
  return static_cast<int64_t>(n);
}

int64_t sys_readlink(SyscallContext& c) {
  return do_readlinkat(c, static_cast<uint64_t>(AT_FDCWD), c.arg[0], c.arg[1], c.arg[2]);
}
int64_t sys_readlinkat(SyscallContext& c) { return do_readlinkat(c, c.arg[0], c.arg[1], c.arg[2], c.arg[3]); }

int64_t do_faccessat(SyscallContext& c, uint64_t dirfd, uint64_t path_addr, uint64_t mode,
                     uint64_t flags) {
  auto path = path_arg(c, path_addr);
  if (!path) return -EFAULT;
  bool writable;
  const int fd = c.m.sandbox().open_path(*path, base_dir_for(c, dirfd),
                                         !(flags & AT_SYMLINK_NOFOLLOW), &writable);
  if (fd < 0) return fd;
  int r = ::faccessat(fd, "", int_arg(mode), AT_EMPTY_PATH);
  const int err = errno;
  ::close(fd);
  if (r < 0) return -err;
  return (mode & W_OK) && !writable ? -EROFS : 0;
}

int64_t sys_access(SyscallContext& c) {
  return do_faccessat(c, static_cast<uint64_t>(AT_FDCWD), c.arg[0], c.arg[1], 0);
}
int64_t sys_faccessat(SyscallContext& c) { return do_faccessat(c, c.arg[0], c.arg[1], c.arg[2], 0); }
int64_t sys_faccessat2(SyscallContext& c) { return do_faccessat(c, c.arg[0], c.arg[1], c.arg[2], c.arg[3]); }

// The guest never has a terminal: TCGETS and every other ioctl answer ENOTTY, so its
// buffering does not depend on where fvemu's output goes (determinism).
int64_t sys_ioctl(SyscallContext& c) {
  const int fd = host_fd(c, c.arg[0]);
  return fd < 0 ? fd : -ENOTTY;
}

int64_t sys_fcntl(SyscallContext& c) {
  const int guest = int_arg(c.arg[0]);
  const int fd = host_fd(c, c.arg[0]);
  if (fd < 0) return fd;
  FileTable& files = c.m.files();
  switch (int_arg(c.arg[1])) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
      // fs/fcntl.c f_dupfd: the lowest fd is unsigned, and at or past RLIMIT_NOFILE it
      // is EINVAL; a negative one indexed the table out of bounds (found by fuzz_syscalls).
      const int lowest = int_arg(c.arg[2]);
      if (lowest < 0 || lowest >= files.max_fds()) return -EINVAL;
      const int dup = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
      if (dup < 0) return -errno;
      return files.add(dup, int_arg(c.arg[1]) == F_DUPFD_CLOEXEC, lowest);
    }
    case F_GETFD: return files.cloexec(guest) ? FD_CLOEXEC : 0;
    case F_SETFD: files.set_cloexec(guest, c.arg[2] & FD_CLOEXEC); return 0;
    case F_GETFL: {
      const int r = ::fcntl(fd, F_GETFL);
      return r < 0 ? -errno : c.arch.open_flags_from_host(r);
    }
    case F_SETFL: {
      const int r = ::fcntl(fd, F_SETFL, c.arch.open_flags_to_host(int_arg(c.arg[2])));
      return r < 0 ? -errno : 0;
    }
    default: return -EINVAL;
  }
}

int64_t sys_dup(SyscallContext& c) {
  const int fd = host_fd(c, c.arg[0]);
  if (fd < 0) return fd;
  const int dup = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  return dup < 0 ? -errno : c.m.files().add(dup, false);
}

int64_t sys_dup2(SyscallContext& c) {
  if (host_fd(c, c.arg[0]) < 0) return -EBADF;
  if (c.arg[0] == c.arg[1]) return int_arg(c.arg[1]);
  return c.m.files().duplicate_to(int_arg(c.arg[0]), int_arg(c.arg[1]), false);
}

int64_t sys_dup3(SyscallContext& c) {
  if (c.arg[0] == c.arg[1]) return -EINVAL;
  const int flags = c.arch.open_flags_to_host(int_arg(c.arg[2]));
  if (flags & ~O_CLOEXEC) return -EINVAL;
  return c.m.files().duplicate_to(int_arg(c.arg[0]), int_arg(c.arg[1]), flags & O_CLOEXEC);
}

// unlinkat(dirfd, path, flags): only under a --rw root. The parent directory is opened
// through the sandbox, so the name removed is always inside the root.
int64_t do_unlinkat(SyscallContext& c, uint64_t dirfd, uint64_t path_addr, uint64_t flags) {
  auto path = path_arg(c, path_addr);
  if (!path) return -EFAULT;
  const std::string base = base_dir_for(c, dirfd);
  if (base.empty() && (*path)[0] != '/') return no_base_dir_error(c, dirfd);
  const std::string abs = Sandbox::absolute(*path, base);
  const size_t slash = abs.rfind('/');
  const std::string parent = slash == 0 ? "/" : abs.substr(0, slash), name = abs.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") return -EINVAL;
  bool writable;
  const int dir = c.m.sandbox().open_path(parent, "/", true, &writable);
  if (dir < 0) return dir;
  int r = writable ? ::unlinkat(dir, name.c_str(), int_arg(flags) & AT_REMOVEDIR) : -1;
  const int err = writable ? errno : EROFS;
  ::close(dir);
  return r < 0 ? -err : 0;
}

int64_t sys_unlink(SyscallContext& c) {
  return do_unlinkat(c, static_cast<uint64_t>(AT_FDCWD), c.arg[0], 0);
}
int64_t sys_unlinkat(SyscallContext& c) { return do_unlinkat(c, c.arg[0], c.arg[1], c.arg[2]); }

// pipe2(fds, flags) / pipe(fds): two guest fds over a host pipe.
int64_t do_pipe2(SyscallContext& c, uint64_t fds_addr, int guest_flags) {
  const int flags = c.arch.open_flags_to_host(guest_flags);
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) return -EINVAL;
  int fds[2];
  if (::pipe2(fds, flags | O_CLOEXEC) < 0) return -errno;
  const int r = c.m.files().add(fds[0], flags & O_CLOEXEC);
  const int w = r < 0 ? (::close(fds[1]), r) : c.m.files().add(fds[1], flags & O_CLOEXEC);
  if (w < 0) {
    if (r >= 0) c.m.files().close(r);
    return w;
  }
  const int32_t out[2] = {r, w};
  if (copy_out(c, fds_addr, out, sizeof out) < 0) {
    c.m.files().close(r);
    c.m.files().close(w);
    return -EFAULT;
  }
  return 0;
}

int64_t sys_pipe2(SyscallContext& c) { return do_pipe2(c, c.arg[0], int_arg(c.arg[1])); }
int64_t sys_pipe(SyscallContext& c) { return do_pipe2(c, c.arg[0], 0); }

int64_t sys_getcwd(SyscallContext& c) {
  const std::string& cwd = c.m.sandbox().cwd();
  if (c.arg[1] < cwd.size() + 1) return -ERANGE;
  if (copy_out(c, c.arg[0], cwd.c_str(), cwd.size() + 1) < 0) return -EFAULT;
  return static_cast<int64_t>(cwd.size() + 1);
}

// getdents64(fd, dirp, count): struct linux_dirent64 has one layout on every arch
// (include/linux/dirent.h: u64 ino, s64 off, u16 reclen, u8 type, name), so the
// host's records pass through as they are.
int64_t sys_getdents64(SyscallContext& c) {
  const int fd = host_fd(c, c.arg[0]);
  if (fd < 0) return fd;
  std::vector<uint8_t> data(std::min<uint64_t>(c.arg[2] & 0xffffffff, kMaxIo));
  const long n = ::syscall(SYS_getdents64, fd, data.data(), data.size());
  if (n < 0) return -errno;
  if (copy_out(c, c.arg[1], data.data(), static_cast<size_t>(n)) < 0) return -EFAULT;
  return n;
}

const SyscallHandlerDef kHandlers[] = {
    {"read", sys_read, "fpu"},
    {"write", sys_write, "fbu"},
    {"pread64", sys_pread64, "fpuu"},
    {"pwrite64", sys_pwrite64, "fbuu"},
    {"readv", sys_readv, "fpu"},
    {"writev", sys_writev, "fpu"},
    {"open", sys_open, "sxo"},
    {"openat", sys_openat, "fsxo"},
    {"close", sys_close, "f"},
    {"lseek", sys_lseek, "fdd"},
    {"_llseek", sys_llseek, "fxxpd"},
    {"readlink", sys_readlink, "spu"},
    {"readlinkat", sys_readlinkat, "fspu"},
    {"access", sys_access, "so"},
    {"faccessat", sys_faccessat, "fso"},
    {"faccessat2", sys_faccessat2, "fsox"},
    {"ioctl", sys_ioctl, "fxx"},
    {"fcntl", sys_fcntl, "fdx"},
    {"fcntl64", sys_fcntl, "fdx"},
    {"dup", sys_dup, "f"},
    {"dup2", sys_dup2, "ff"},
    {"dup3", sys_dup3, "ffx"},
    {"getcwd", sys_getcwd, "pu"},
    {"pipe2", sys_pipe2, "px"},
    {"pipe", sys_pipe, "p"},
    {"unlink", sys_unlink, "s"},
    {"unlinkat", sys_unlinkat, "fsx"},
    {"getdents64", sys_getdents64, "fpu"},
};

}  // namespace

std::span<const SyscallHandlerDef> fs_syscalls() { return kHandlers; }

}  // namespace fvemu
