#include "emu/linux/sandbox.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "emu/guest_error.h"

namespace fvemu {
namespace {

constexpr char kDevNull[] = "/dev/null";
constexpr char kSelfExe[] = "/proc/self/exe";

// The kernel's own interfaces, refused whatever the roots say (even --ro / or --rw /):
// /proc/self/mem reads and writes fvemu's memory, /proc/self/fd and /proc/<pid> reach
// its descriptors and the host's processes, /proc/self/environ its environment, and
// /sys, cgroups, binfmt_misc and friends configure the host. Checked by path first, then
// by the file system an opened file is on (a bind mount or a relative symlink can lead
// there under another name).
bool is_kernel_interface_path(const std::string& abs) {
  for (const std::string_view dir : {"/proc", "/sys"})
    if (abs.starts_with(dir) && (abs.size() == dir.size() || abs[dir.size()] == '/')) return true;
  return false;
}

bool is_kernel_interface_fs(int fd) {
  struct statfs fs;
  if (::fstatfs(fd, &fs) < 0) return true;
  switch (static_cast<unsigned long>(fs.f_type)) {
    case PROC_SUPER_MAGIC: case SYSFS_MAGIC: case DEBUGFS_MAGIC: case TRACEFS_MAGIC:
    case SECURITYFS_MAGIC: case SELINUX_MAGIC: case SMACK_MAGIC: case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC: case BPF_FS_MAGIC: case BINFMTFS_MAGIC: case EFIVARFS_MAGIC:
    case PSTOREFS_MAGIC: case NSFS_MAGIC:
      return true;
    default:
      return false;
  }
}

// Device nodes other than /dev/null (handled before any root) are the host's hardware,
// terminals and kernel memory (/dev/tty, /dev/sda, /dev/mem): never opened for I/O,
// whatever root they lie under. An O_PATH descriptor (stat) does no I/O.
bool is_device(int fd) {
  struct stat st;
  return ::fstat(fd, &st) < 0 || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode);
}

// The path the kernel gives an open file (its real path), or empty.
std::string fd_path(int fd) {
  char buf[PATH_MAX];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf);
  return n > 0 && n < static_cast<ssize_t>(sizeof buf) ? std::string(buf, static_cast<size_t>(n))
                                                       : std::string();
}

std::string real_path(const std::string& p) {
  char buf[PATH_MAX];
  return ::realpath(p.c_str(), buf) ? std::string(buf) : std::string();
}

bool wants_write(int flags) {
  return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)) ||
         (flags & O_TMPFILE) == O_TMPFILE;
}

}  // namespace

Sandbox::Sandbox(const std::vector<std::string>& ro_dirs, const std::vector<std::string>& rw_dirs,
                 const std::string& executable) {
  cwd_ = std::filesystem::current_path().string();
  auto add_root = [&](const std::string& dir, bool writable) {
    const std::string real = real_path(dir);
    if (real.empty() || !std::filesystem::is_directory(real))
      throw RunError(kExitCannotRun,
                     fmt::format("{} directory {}: not an existing directory",
                                 writable ? "--rw" : "--ro", dir));
    const int fd = ::open(real.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      throw RunError(kExitCannotRun, fmt::format("{}: {}", dir, std::strerror(errno)));
    roots_.push_back(Root{real == "/" ? "" : real, fd, writable});
    // A root reached through a symlink (/usr/lib/go-1.19/src -> ../../share/go-1.19/src)
    // answers to the name it was given too: the guest uses that one.
    const std::string named = absolute(dir, cwd_);
    if (named != real) roots_.push_back(Root{named, ::fcntl(fd, F_DUPFD_CLOEXEC, 0), writable});
  };
  for (const std::string& d : ro_dirs) add_root(d, false);
  for (const std::string& d : rw_dirs) add_root(d, true);
  for (Root& outer : roots_)
    for (const Root& inner : roots_)
      if (outer.writable && !inner.writable && inner.path.size() > outer.path.size() &&
          inner.path.starts_with(outer.path + "/"))
        outer.holds_read_only = true;
  exe_ = absolute(executable, cwd_);
  exe_real_ = real_path(executable);
}

Sandbox::~Sandbox() {
  for (const Root& r : roots_) ::close(r.fd);
}

std::string Sandbox::absolute(const std::string& path, const std::string& base_dir) {
  std::filesystem::path p(path);
  if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

const Sandbox::Root* Sandbox::root_for(const std::string& abs, std::string& rest) const {
  const Root* best = nullptr;
  for (const Root& r : roots_) {
    const bool inside = abs == r.path || r.path.empty() ||
                        (abs.size() > r.path.size() && abs.compare(0, r.path.size(), r.path) == 0 &&
                         abs[r.path.size()] == '/');
    if (inside && (!best || r.path.size() > best->path.size())) best = &r;
  }
  if (best) {
    // What follows "<root>/", or "." for the root itself.
    const size_t skip = best->path.size() + 1;
    rest = abs.size() > skip ? abs.substr(skip) : std::string(".");
  }
  return best;
}

int Sandbox::open_beneath(const Root& root, const std::string& rest, int host_flags,
                          unsigned mode) {
  open_how how{};
  // O_NOCTTY: a terminal under a root must not become fvemu's controlling terminal
  // (openat2 refuses it, as any flag but a few, with O_PATH).
  const int noctty = host_flags & O_PATH ? 0 : O_NOCTTY;
  how.flags = static_cast<uint64_t>(host_flags | O_CLOEXEC | noctty);
  how.mode = (host_flags & O_CREAT) || (host_flags & O_TMPFILE) == O_TMPFILE ? (mode & 07777) : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, root.fd, rest.c_str(), &how, sizeof how);
  if (fd < 0) return errno == EXDEV ? -EACCES : -errno;  // EXDEV: tried to leave the root
  if (is_kernel_interface_fs(static_cast<int>(fd)) ||
      (!(host_flags & O_PATH) && is_device(static_cast<int>(fd)))) {
    ::close(static_cast<int>(fd));
    return -EACCES;
  }
  return static_cast<int>(fd);
}

bool Sandbox::under_writable_root(int fd) const {
  std::string rest;
  const Root* root = root_for(fd_path(fd), rest);
  return root && root->writable;
}

// A --ro root nested in a --rw one stays read-only: a symlink rw/link -> ro/file is
// beneath the --rw root, so under such a root what a write would reach is judged by its
// real path before the open writes anything (O_CREAT, O_TRUNC). An existing file by its
// own path; a new one by its directory's; a dangling symlink would create its target,
// wherever that is: refused.
int Sandbox::check_write_target(const Root& root, const std::string& rest, int host_flags) const {
  const int target = open_beneath(root, rest, O_PATH | (host_flags & O_NOFOLLOW), 0);
  if (target >= 0) {
    const bool ok = under_writable_root(target);
    ::close(target);
    return ok ? 0 : -EROFS;
  }
  if (target != -ENOENT || !(host_flags & O_CREAT)) return 0;  // the open itself fails
  const int link = open_beneath(root, rest, O_PATH | O_NOFOLLOW, 0);
  if (link >= 0) {
    ::close(link);
    return -EACCES;
  }
  const size_t slash = rest.rfind('/');
  const int dir = open_beneath(root, slash == std::string::npos ? "." : rest.substr(0, slash),
                               O_PATH | O_DIRECTORY, 0);
  if (dir < 0) return 0;
  const bool ok = under_writable_root(dir);
  ::close(dir);
  return ok ? 0 : -EROFS;
}

int Sandbox::open_executable(int host_flags) const {
  if (wants_write(host_flags)) return -EACCES;
  const int fd = ::open(exe_real_.c_str(), host_flags | O_CLOEXEC);
  return fd < 0 ? -errno : fd;
}

int Sandbox::open(const std::string& path, const std::string& base_dir, int host_flags,
                  unsigned mode, bool* writable) const {
  if (path.empty()) return -ENOENT;
  const std::string abs = absolute(path, base_dir);
  if (abs.front() != '/') return -EBADF;  // relative to no directory: a bad dirfd
  if (abs == kDevNull) {
    // Reads end at once and writes vanish: os/exec and daemons open it for stdio.
    if (writable) *writable = true;
    const int fd = ::open(kDevNull, (host_flags & ~(O_CREAT | O_EXCL | O_TRUNC)) | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
  }
  if (writable) *writable = false;
  if (abs == kSelfExe) return open_executable(host_flags);
  if (is_kernel_interface_path(abs)) return -EACCES;
  std::string rest;
  const Root* root = root_for(abs, rest);
  if (writable) *writable = root && root->writable;
  if (!root) return is_executable(abs) ? open_executable(host_flags) : -EACCES;
  if (wants_write(host_flags)) {
    if (!root->writable) return -EROFS;
    if (root->holds_read_only)
      if (const int err = check_write_target(*root, rest, host_flags)) return err;
  }
  const int fd = open_beneath(*root, rest, host_flags, mode);
  // unlinkat and access(W_OK) go by `writable`: the real path's root decides it too.
  if (writable && fd >= 0 && root->holds_read_only) *writable = under_writable_root(fd);
  return fd;
}

int Sandbox::open_path(const std::string& path, const std::string& base_dir, bool follow,
                       bool* writable) const {
  return open(path, base_dir, O_PATH | (follow ? 0 : O_NOFOLLOW), 0, writable);
}

}  // namespace fvemu
