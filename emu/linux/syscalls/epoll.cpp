// Waiting for file descriptors: epoll and eventfd (what Go's netpoller and timers stand
// on) and select. An epoll instance is a host epoll fd holding host fds, with the
// guest's 64-bit data word passed through. A wait that would block becomes a thread
// wait the scheduler re-checks at every turn, with its timeout on the virtual clock.
#include <sys/epoll.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <vector>

#include "emu/linux/syscalls/clock.h"
#include "emu/linux/syscalls/common.h"

namespace fvemu {
namespace {

int64_t sys_epoll_create1(SyscallContext& c) {
  const int flags = c.arch.open_flags_to_host(int_arg(c.arg[0]));
  if (flags & ~EPOLL_CLOEXEC) return -EINVAL;
  const int fd = ::epoll_create1(EPOLL_CLOEXEC);
  return fd < 0 ? -errno : c.m.files().add(fd, flags & EPOLL_CLOEXEC);
}

int64_t sys_epoll_create(SyscallContext& c) {
  if (int_arg(c.arg[0]) <= 0) return -EINVAL;
  const int fd = ::epoll_create1(EPOLL_CLOEXEC);
  return fd < 0 ? -errno : c.m.files().add(fd, false);
}

int64_t sys_epoll_ctl(SyscallContext& c) {
  const int epfd = host_fd(c, c.arg[0]), fd = host_fd(c, c.arg[2]);
  if (epfd < 0 || fd < 0) return -EBADF;
  const int op = int_arg(c.arg[1]);
  epoll_event ev{};
  if (op != EPOLL_CTL_DEL) {
    const unsigned data_at = c.arch.epoll_event_layout().second;
    auto events = c.m.mem().read_word(c.arg[3], 4), data = c.m.mem().read_word(c.arg[3] + data_at, 8);
    if (!events || !data) return -EFAULT;
    ev.events = static_cast<uint32_t>(*events);
    ev.data.u64 = *data;
  }
  return ::epoll_ctl(epfd, op, fd, &ev) < 0 ? -errno : 0;
}

// Polls the host epoll fd without blocking; copies ready events out in the guest's
// layout. Returns the count (0: nothing ready) or -errno.
int64_t collect_events(Machine& m, const Arch& arch, int epfd, uint64_t out, int max) {
  // A guest may ask for up to EP_MAX_EVENTS (~2^28) at once; the host buffer holds at
  // most this many, which is more than can be ready unless the guest has over 1024
  // fds, and then the rest stay ready for its next call. Sized by `max`, a bogus one
  // allocated gigabytes (found by fuzz_syscalls).
  constexpr int kMaxBatch = 1024;
  std::vector<epoll_event> ready(static_cast<size_t>(std::min(max, kMaxBatch)));
  const int n = ::epoll_wait(epfd, ready.data(), static_cast<int>(ready.size()), 0);
  if (n < 0) return -errno;
  const auto [size, data_at] = arch.epoll_event_layout();
  std::vector<uint8_t> buf(static_cast<size_t>(n) * size, 0);
  for (int i = 0; i < n; i++) {
    std::memcpy(buf.data() + i * size, &ready[i].events, 4);
    std::memcpy(buf.data() + i * size + data_at, &ready[i].data.u64, 8);
  }
  return m.mem().write(out, buf.data(), buf.size()) ? n : -EFAULT;
}

// epoll_wait(epfd, events, maxevents, timeout_ms); epoll_pwait adds a signal mask,
// which is only consulted while blocked (signals are not delivered mid-wait yet).
int64_t sys_epoll_wait(SyscallContext& c) {
  const int epfd = host_fd(c, c.arg[0]);
  const int max = int_arg(c.arg[2]), timeout_ms = int_arg(c.arg[3]);
  if (epfd < 0) return -EBADF;
  // As fs/eventpoll.c: maxevents must be positive and at most EP_MAX_EVENTS, INT_MAX
  // divided by the size of the guest's struct epoll_event.
  const int max_events = INT_MAX / static_cast<int>(c.arch.epoll_event_layout().first);
  if (max <= 0 || max > max_events) return -EINVAL;
  const int64_t now = collect_events(c.m, c.arch, epfd, c.arg[1], max);
  if (now != 0 || timeout_ms == 0) return now;
  Thread::Wait w;
  if (timeout_ms > 0) w.deadline = c.m.clock().uptime_ns() + static_cast<uint64_t>(timeout_ms) * 1000000;
  Machine& m = c.m;
  const Arch& arch = c.arch;
  const uint64_t out = c.arg[1];
  w.ready = [&m, &arch, epfd, out, max]() -> std::optional<int64_t> {
    const int64_t n = collect_events(m, arch, epfd, out, max);
    return n != 0 ? std::optional<int64_t>(n) : std::nullopt;
  };
  w.restart = Thread::Wait::Restart::kNever;  // -ERESTARTNOHAND: EINTR after a handler
  return c.m.block_current(std::move(w));
}

// eventfd2(initval, flags) / eventfd(initval).
int64_t sys_eventfd2(SyscallContext& c) {
  const int flags = c.arch.open_flags_to_host(int_arg(c.arg[1]));
  if (flags & ~(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE)) return -EINVAL;
  const int fd = ::eventfd(static_cast<unsigned>(c.arg[0]), flags | EFD_CLOEXEC);
  return fd < 0 ? -errno : c.m.files().add(fd, flags & EFD_CLOEXEC);
}

int64_t sys_eventfd(SyscallContext& c) {
  const int fd = ::eventfd(static_cast<unsigned>(c.arg[0]), EFD_CLOEXEC);
  return fd < 0 ? -errno : c.m.files().add(fd, false);
}

// select's fd_sets: arrays of guest words, one bit per fd, for reading, writing and
// exceptional conditions.
struct FdSets {
  int nfds;
  std::array<uint64_t, 3> addr;                 // guest addresses (0: not given)
  std::array<std::vector<uint64_t>, 3> wanted;  // the bits the caller asked about
};

constexpr short kSetEvents[3] = {POLLIN, POLLOUT, POLLPRI};

std::optional<FdSets> read_fd_sets(Machine& m, const Arch& arch, int nfds, const uint64_t addr[3]) {
  const unsigned w = arch.word_size(), bits = 8 * w;
  FdSets sets{nfds, {addr[0], addr[1], addr[2]}, {}};
  for (int k = 0; k < 3; k++) {
    if (!addr[k]) continue;
    sets.wanted[k].resize((static_cast<size_t>(nfds) + bits - 1) / bits);
    for (size_t i = 0; i < sets.wanted[k].size(); i++) {
      auto v = m.mem().read_word(addr[k] + i * w, w);
      if (!v) return std::nullopt;
      sets.wanted[k][i] = *v;
    }
  }
  return sets;
}

// Writes `bits` (one vector per set) back over the caller's sets.
void write_fd_sets(Machine& m, const Arch& arch, const FdSets& sets,
                   const std::array<std::vector<uint64_t>, 3>& bits) {
  const unsigned w = arch.word_size();
  for (int k = 0; k < 3; k++)
    for (size_t i = 0; i < bits[k].size(); i++) m.mem().write_word(sets.addr[k] + i * w, bits[k][i], w);
}

// Polls the wanted fds without blocking. When some are ready, writes only those bits
// back and returns how many (fd, set) pairs are ready, like the kernel; 0 when none is
// (nothing written); -EBADF for a bit naming no open fd.
int64_t poll_fd_sets(Machine& m, const Arch& arch, const FdSets& sets) {
  const unsigned bits = 8 * arch.word_size();
  std::vector<pollfd> polls;
  std::vector<std::pair<int, int>> who;  // (guest fd, which set)
  for (int k = 0; k < 3; k++)
    for (int fd = 0; fd < sets.nfds && !sets.wanted[k].empty(); fd++) {
      if (!((sets.wanted[k][fd / bits] >> (fd % bits)) & 1)) continue;
      const int host = m.files().host(fd);
      if (host < 0) return -EBADF;
      polls.push_back({host, kSetEvents[k], 0});
      who.emplace_back(fd, k);
    }
  if (::poll(polls.data(), polls.size(), 0) < 0) return -errno;
  std::array<std::vector<uint64_t>, 3> ready_bits;
  for (int k = 0; k < 3; k++) ready_bits[k].assign(sets.wanted[k].size(), 0);
  int64_t ready = 0;
  for (size_t i = 0; i < polls.size(); i++) {
    const auto [fd, k] = who[i];
    if (!(polls[i].revents & (kSetEvents[k] | POLLHUP | POLLERR))) continue;
    ready_bits[k][fd / bits] |= 1ull << (fd % bits);
    ready++;
  }
  if (ready) write_fd_sets(m, arch, sets, ready_bits);
  return ready;
}

// select/pselect6 with `timeout_ns` (nullopt: wait forever). With nfds 0 it is a sleep
// (older Go runtimes' usleep). On a timeout the sets come back empty, as from Linux.
int64_t do_select(SyscallContext& c, int nfds, const uint64_t addr[3], std::optional<uint64_t> timeout_ns) {
  if (nfds < 0 || nfds > c.m.files().max_fds()) return -EINVAL;
  const std::optional<FdSets> sets = read_fd_sets(c.m, c.arch, nfds, addr);
  if (!sets) return -EFAULT;
  const int64_t now = poll_fd_sets(c.m, c.arch, *sets);
  if (now != 0) return now;
  write_fd_sets(c.m, c.arch, *sets, {std::vector<uint64_t>(sets->wanted[0].size()),
                                     std::vector<uint64_t>(sets->wanted[1].size()),
                                     std::vector<uint64_t>(sets->wanted[2].size())});
  if (timeout_ns == uint64_t{0}) return 0;
  Thread::Wait w;
  if (timeout_ns) w.deadline = c.m.clock().uptime_ns() + *timeout_ns;
  Machine& m = c.m;
  const Arch& arch = c.arch;
  w.ready = [&m, &arch, sets = *sets]() -> std::optional<int64_t> {
    const int64_t n = poll_fd_sets(m, arch, sets);
    return n != 0 ? std::optional<int64_t>(n) : std::nullopt;
  };
  w.restart = Thread::Wait::Restart::kNever;  // -ERESTARTNOHAND: EINTR after a handler
  return c.m.block_current(std::move(w));
}

// select(nfds, readfds, writefds, exceptfds, struct timeval*): guest-word fields.
int64_t sys_select(SyscallContext& c) {
  std::optional<uint64_t> timeout;
  if (c.arg[4]) {
    const unsigned w = c.arch.word_size();
    auto sec = c.m.mem().read_word(c.arg[4], w), usec = c.m.mem().read_word(c.arg[4] + w, w);
    if (!sec || !usec) return -EFAULT;
    timeout = *sec * kNsPerSecond + *usec * 1000;
  }
  return do_select(c, int_arg(c.arg[0]), &c.arg[1], timeout);
}

// pselect6(nfds, readfds, writefds, exceptfds, struct timespec*, sigmask): the mask is
// only meaningful while blocked, and signals interrupt any wait anyway.
int64_t do_pselect6(SyscallContext& c, unsigned timespec_field_size) {
  std::optional<uint64_t> timeout;
  if (c.arg[4]) {
    timeout = read_timespec(c, c.arg[4], timespec_field_size);
    if (!timeout) return -EINVAL;
  }
  return do_select(c, int_arg(c.arg[0]), &c.arg[1], timeout);
}
int64_t sys_pselect6(SyscallContext& c) { return do_pselect6(c, c.arch.word_size()); }
int64_t sys_pselect6_time64(SyscallContext& c) { return do_pselect6(c, 8); }

const SyscallHandlerDef kHandlers[] = {
    {"select", sys_select, "dpppp"},
    {"_newselect", sys_select, "dpppp"},
    {"pselect6", sys_pselect6, "dppppp"},
    {"pselect6_time64", sys_pselect6_time64, "dppppp"},
    {"epoll_create1", sys_epoll_create1, "x"},
    {"epoll_create", sys_epoll_create, "d"},
    {"epoll_ctl", sys_epoll_ctl, "fdfp"},
    {"epoll_wait", sys_epoll_wait, "fpdd"},
    {"epoll_pwait", sys_epoll_wait, "fpddpu"},
    {"eventfd2", sys_eventfd2, "ux"},
    {"eventfd", sys_eventfd, "u"},
};

}  // namespace

std::span<const SyscallHandlerDef> epoll_syscalls() { return kHandlers; }

}  // namespace fvemu
