// Confines the guest's file access. The guest may open files only under the --ro
// directories (read-only) and the --rw directories, plus its own executable (read-only)
// and /dev/null.
// Paths are made absolute against the guest's working directory and normalised;
// the longest matching root wins; the rest is opened with openat2(RESOLVE_BENEATH)
// from a descriptor of that root, so the kernel itself refuses any "..", symlink or
// magic link that would leave it. Whatever the roots, /proc and /sys (and any file on
// a kernel-interface file system) are refused, except /proc/self/exe, which is the
// executable; device nodes other than /dev/null are never opened for I/O.
#pragma once

#include <string>
#include <vector>

namespace fvemu {

class Sandbox {
 public:
  // Throws RunError (exit 125) if a directory does not exist.
  Sandbox(const std::vector<std::string>& ro_dirs, const std::vector<std::string>& rw_dirs,
          const std::string& executable);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Opens `path` (relative ones against `base_dir`) with host open(2) flags.
  // Returns a host fd, or -EACCES outside every root, -EROFS for a write under a
  // read-only root (by the real path of what it would write), -EBADF for a relative
  // path with an empty `base_dir`, or the kernel's own error.
  // `writable`, if given, tells whether the file lies under a --rw root.
  int open(const std::string& path, const std::string& base_dir, int host_flags,
           unsigned mode, bool* writable = nullptr) const;
  // An O_PATH descriptor for `path` (for stat, access, readlink), following a final
  // symlink only if `follow`; `writable` tells whether its root is a --rw one.
  int open_path(const std::string& path, const std::string& base_dir, bool follow,
                bool* writable) const;
  const std::string& cwd() const { return cwd_; }
  const std::string& executable() const { return exe_; }
  // Absolute, lexically normal form of a guest path.
  static std::string absolute(const std::string& path, const std::string& base_dir);

 private:
  struct Root {
    std::string path;  // real path, no trailing slash
    int fd;            // O_PATH descriptor of the directory
    bool writable;
    bool holds_read_only = false;  // a --rw root with a --ro root inside it
  };
  const Root* root_for(const std::string& abs, std::string& rest) const;
  bool is_executable(const std::string& abs) const { return abs == exe_ || abs == exe_real_; }
  int open_executable(int host_flags) const;
  static int open_beneath(const Root& root, const std::string& rest, int host_flags,
                          unsigned mode);
  bool under_writable_root(int fd) const;
  int check_write_target(const Root& root, const std::string& rest, int host_flags) const;

  std::vector<Root> roots_;
  std::string exe_;       // absolute path of the executable as named
  std::string exe_real_;  // its real path
  std::string cwd_;
};

}  // namespace fvemu
