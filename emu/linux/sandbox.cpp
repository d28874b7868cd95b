#include "emu/linux/sandbox.h"

#include <fcntl.h>
#include <linux/openat2.h>
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
  how.flags = static_cast<uint64_t>(host_flags | O_CLOEXEC);
  how.mode = (host_flags & O_CREAT) || (host_flags & O_TMPFILE) == O_TMPFILE ? (mode & 07777) : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, root.fd, rest.c_str(), &how, sizeof how);
  if (fd < 0) return errno == EXDEV ? -EACCES : -errno;  // EXDEV: tried to leave the root
  return static_cast<int>(fd);
}

int Sandbox::open(const std::string& path, const std::string& base_dir, int host_flags,
                  unsigned mode, bool* writable) const {
  if (path.empty()) return -ENOENT;
  const std::string abs = absolute(path, base_dir);
  if (abs == kDevNull) {
    // Reads end at once and writes vanish: os/exec and daemons open it for stdio.
    if (writable) *writable = true;
    const int fd = ::open(kDevNull, (host_flags & ~(O_CREAT | O_EXCL | O_TRUNC)) | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
  }
  std::string rest;
  const Root* root = root_for(abs, rest);
  if (writable) *writable = root && root->writable;
  if (!root) {
    if (!is_executable(abs)) return -EACCES;
    if (wants_write(host_flags)) return -EACCES;
    const int fd = ::open(exe_real_.c_str(), host_flags | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
  }
  if (wants_write(host_flags) && !root->writable) return -EROFS;
  return open_beneath(*root, rest, host_flags, mode);
}

int Sandbox::open_path(const std::string& path, const std::string& base_dir, bool follow,
                       bool* writable) const {
  return open(path, base_dir, O_PATH | (follow ? 0 : O_NOFOLLOW), 0, writable);
}

}  // namespace fvemu
