#include "emu/linux/file_table.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace fvemu {

FileTable::FileTable(std::array<int, 3> stdio, int max_fds, std::function<void()> on_full)
    : max_fds_(std::max(max_fds, 3)), on_full_(std::move(on_full)) {
  for (int fd = 0; fd < 3; fd++) {
    int dup = ::fcntl(stdio[fd], F_DUPFD_CLOEXEC, 3);
    // A closed host stdio stays closed for the guest too.
    if (dup >= 0) {
      if (add(dup, false, fd) != fd) throw std::logic_error("file table: stdio slot taken");
    } else {
      slots_.push_back(Slot{});
    }
  }
}

FileTable::~FileTable() {
  for (const Slot& s : slots_)
    if (s.host >= 0) ::close(s.host);
}

int FileTable::add(int host_fd, bool cloexec, int lowest) {
  for (int fd = lowest; fd < max_fds_; fd++) {
    if (fd >= static_cast<int>(slots_.size())) slots_.resize(fd + 1);
    if (slots_[fd].host < 0) {
      slots_[fd] = Slot{host_fd, cloexec};
      return fd;
    }
  }
  ::close(host_fd);
  if (on_full_) on_full_();
  return -EMFILE;
}

int FileTable::host(int guest_fd) const {
  if (guest_fd < 0 || guest_fd >= static_cast<int>(slots_.size())) return -1;
  return slots_[guest_fd].host;
}

bool FileTable::cloexec(int guest_fd) const {
  return host(guest_fd) >= 0 && slots_[guest_fd].cloexec;
}

void FileTable::set_cloexec(int guest_fd, bool on) {
  if (host(guest_fd) >= 0) slots_[guest_fd].cloexec = on;
}

int FileTable::close(int guest_fd) {
  if (host(guest_fd) < 0) return -EBADF;
  ::close(slots_[guest_fd].host);
  slots_[guest_fd] = Slot{};
  return 0;
}

int FileTable::duplicate_to(int from, int to, bool cloexec) {
  const int src = host(from);
  if (src < 0 || to < 0 || to >= max_fds_) return -EBADF;
  const int dup = ::fcntl(src, F_DUPFD_CLOEXEC, 3);
  if (dup < 0) return -errno;
  if (host(to) >= 0) close(to);
  if (to >= static_cast<int>(slots_.size())) slots_.resize(to + 1);
  slots_[to] = Slot{dup, cloexec};
  return to;
}

}  // namespace fvemu
