// The stat family. The host's answer is re-encoded in the guest arch's own struct
// layout (Arch::stat_layout / stat64_layout); statx is the same on every arch.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "emu/linux/syscalls/common.h"

namespace fvemu {
namespace {

void put(std::vector<uint8_t>& out, Field f, uint64_t v) {
  if (f.size) std::memcpy(out.data() + f.offset, &v, f.size);
}

int64_t write_stat(SyscallContext& c, uint64_t addr, const StatLayout* layout,
                   const struct stat& st) {
  if (!layout) return -ENOSYS;
  std::vector<uint8_t> out(layout->size, 0);
  put(out, layout->dev, st.st_dev);
  put(out, layout->ino, st.st_ino);
  put(out, layout->ino_low, st.st_ino);
  put(out, layout->mode, st.st_mode);
  put(out, layout->nlink, st.st_nlink);
  put(out, layout->uid, st.st_uid);
  put(out, layout->gid, st.st_gid);
  put(out, layout->rdev, st.st_rdev);
  put(out, layout->st_size, static_cast<uint64_t>(st.st_size));
  put(out, layout->blksize, static_cast<uint64_t>(st.st_blksize));
  put(out, layout->blocks, static_cast<uint64_t>(st.st_blocks));
  put(out, layout->atime, static_cast<uint64_t>(st.st_atim.tv_sec));
  put(out, layout->atime_nsec, static_cast<uint64_t>(st.st_atim.tv_nsec));
  put(out, layout->mtime, static_cast<uint64_t>(st.st_mtim.tv_sec));
  put(out, layout->mtime_nsec, static_cast<uint64_t>(st.st_mtim.tv_nsec));
  put(out, layout->ctime, static_cast<uint64_t>(st.st_ctim.tv_sec));
  put(out, layout->ctime_nsec, static_cast<uint64_t>(st.st_ctim.tv_nsec));
  return copy_out(c, addr, out.data(), out.size());
}

// The host file an *at() call names: dirfd itself for an empty path with AT_EMPTY_PATH,
// else an O_PATH descriptor through the sandbox (closed with this object).
struct AtTarget {
  int fd = -1;  // or -errno
  bool owned = false;
  AtTarget(SyscallContext& c, uint64_t dirfd, uint64_t path_addr, int flags) {
    auto path = path_arg(c, path_addr);
    if (!path) {
      fd = -EFAULT;
    } else if (path->empty()) {
      fd = (flags & AT_EMPTY_PATH) ? host_fd(c, dirfd) : -ENOENT;
    } else {
      bool writable;
      fd = c.m.sandbox().open_path(*path, base_dir_for(c, dirfd), !(flags & AT_SYMLINK_NOFOLLOW),
                                   &writable);
      owned = true;
    }
  }
  ~AtTarget() {
    if (owned && fd >= 0) ::close(fd);
  }
  AtTarget(const AtTarget&) = delete;
  AtTarget& operator=(const AtTarget&) = delete;
};

// Host stat of (dirfd, path, flags) as fstatat(2) would see it through the sandbox.
int host_fstatat(SyscallContext& c, uint64_t dirfd, uint64_t path_addr, uint64_t flags,
                 struct stat& st) {
  const AtTarget target(c, dirfd, path_addr, int_arg(flags));
  if (target.fd < 0) return target.fd;
  return ::fstat(target.fd, &st) < 0 ? -errno : 0;
}

int64_t do_fstat(SyscallContext& c, const StatLayout* layout) {
  if (!layout) return -ENOSYS;
  const int fd = host_fd(c, c.arg[0]);
  if (fd < 0) return fd;
  struct stat st;
  if (::fstat(fd, &st) < 0) return -errno;
  return write_stat(c, c.arg[1], layout, st);
}

int64_t do_fstatat(SyscallContext& c, const StatLayout* layout, uint64_t dirfd, uint64_t path,
                   uint64_t buf, uint64_t flags) {
  if (!layout) return -ENOSYS;
  struct stat st;
  const int r = host_fstatat(c, dirfd, path, flags, st);
  return r < 0 ? r : write_stat(c, buf, layout, st);
}

const uint64_t kCwd = static_cast<uint64_t>(AT_FDCWD);

int64_t sys_fstat(SyscallContext& c) { return do_fstat(c, c.arch.stat_layout()); }
int64_t sys_fstat64(SyscallContext& c) { return do_fstat(c, c.arch.stat64_layout()); }
int64_t sys_stat(SyscallContext& c) {
  return do_fstatat(c, c.arch.stat_layout(), kCwd, c.arg[0], c.arg[1], 0);
}
int64_t sys_lstat(SyscallContext& c) {
  return do_fstatat(c, c.arch.stat_layout(), kCwd, c.arg[0], c.arg[1], AT_SYMLINK_NOFOLLOW);
}
int64_t sys_stat64(SyscallContext& c) {
  return do_fstatat(c, c.arch.stat64_layout(), kCwd, c.arg[0], c.arg[1], 0);
}
int64_t sys_lstat64(SyscallContext& c) {
  return do_fstatat(c, c.arch.stat64_layout(), kCwd, c.arg[0], c.arg[1], AT_SYMLINK_NOFOLLOW);
}
int64_t sys_newfstatat(SyscallContext& c) {
  return do_fstatat(c, c.arch.stat_layout(), c.arg[0], c.arg[1], c.arg[2], c.arg[3]);
}
int64_t sys_fstatat64(SyscallContext& c) {
  return do_fstatat(c, c.arch.stat64_layout(), c.arg[0], c.arg[1], c.arg[2], c.arg[3]);
}

// statx(dirfd, path, flags, mask, buf): struct statx is arch-independent.
int64_t sys_statx(SyscallContext& c) {
  const int flags = int_arg(c.arg[2]);
  const AtTarget target(c, c.arg[0], c.arg[1], flags);
  if (target.fd < 0) return target.fd;
  struct statx stx;
  if (::statx(target.fd, "", AT_EMPTY_PATH | (flags & AT_STATX_SYNC_TYPE),
              static_cast<unsigned>(c.arg[3]), &stx) < 0)
    return -errno;
  return copy_out(c, c.arg[4], &stx, sizeof stx);
}

const SyscallHandlerDef kHandlers[] = {
    {"fstat", sys_fstat, "fp"},
    {"stat", sys_stat, "sp"},
    {"lstat", sys_lstat, "sp"},
    {"newfstatat", sys_newfstatat, "fspx"},
    {"fstat64", sys_fstat64, "fp"},
    {"stat64", sys_stat64, "sp"},
    {"lstat64", sys_lstat64, "sp"},
    {"fstatat64", sys_fstatat64, "fspx"},
    {"statx", sys_statx, "fsxxp"},
};

}  // namespace

std::span<const SyscallHandlerDef> fs_stat_syscalls() { return kHandlers; }

}  // namespace fvemu
