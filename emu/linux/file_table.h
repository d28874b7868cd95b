// The guest's file descriptors: guest fd -> host fd. Guest numbers are allocated like
// the kernel's (lowest free), so they are the same on every run and every host.
// Guest 0/1/2 start as duplicates of host fds (fvemu's own by default), so guest output
// goes straight out, unbuffered and in order, and a guest closing its stderr cannot
// silence fvemu's.
#pragma once

#include <array>
#include <functional>
#include <vector>

namespace fvemu {

class FileTable {
 public:
  // Guest fds 0, 1, 2 start as duplicates of host fds `stdio`. The guest may have
  // `max_fds` open (RLIMIT_NOFILE: fds are below it); `on_full` hears when an open
  // fails for that (EMFILE).
  explicit FileTable(std::array<int, 3> stdio = {0, 1, 2}, int max_fds = 1024,
                     std::function<void()> on_full = {});
  int max_fds() const { return max_fds_; }
  ~FileTable();
  FileTable(const FileTable&) = delete;
  FileTable& operator=(const FileTable&) = delete;

  // Takes ownership of `host_fd`; returns the guest fd (>= lowest) or -EMFILE.
  int add(int host_fd, bool cloexec, int lowest = 0);
  // Host fd for a guest fd, or -1 (the caller returns EBADF).
  int host(int guest_fd) const;
  bool cloexec(int guest_fd) const;
  void set_cloexec(int guest_fd, bool on);
  // 0, or -EBADF.
  int close(int guest_fd);
  // Makes guest fd `to` refer to what `from` does (dup2/dup3); returns `to` or -errno.
  int duplicate_to(int from, int to, bool cloexec);

 private:
  struct Slot {
    int host = -1;
    bool cloexec = false;
  };
  std::vector<Slot> slots_;
  int max_fds_;
  std::function<void()> on_full_;
};

}  // namespace fvemu
