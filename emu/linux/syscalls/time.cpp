// Time, from the virtual clock (Machine::monotonic_ns / realtime_ns): it advances
// with executed instructions, so every run of the same program reads the same times.
#include <ctime>

#include "emu/linux/syscalls/clock.h"
#include "emu/linux/syscalls/common.h"

namespace fvemu {

std::optional<uint64_t> clock_ns(Machine& m, int id) {
  switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_TAI:
      return m.clock().realtime_ns();
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
      return m.clock().monotonic_ns();
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
      return m.instructions();  // one virtual nanosecond per instruction
    default:
      if (id < 0) return m.instructions();  // CPU-time clocks of a pid/tid
      return std::nullopt;
  }
}

std::optional<uint64_t> read_timespec(SyscallContext& c, uint64_t addr, unsigned field_size) {
  auto sec = c.m.mem().read_word(addr, field_size);
  auto nsec = c.m.mem().read_word(addr + field_size, field_size);
  if (!sec || !nsec) return std::nullopt;
  const int64_t s = field_size == 4 ? static_cast<int32_t>(*sec) : static_cast<int64_t>(*sec);
  const int64_t ns = field_size == 4 ? static_cast<int32_t>(*nsec) : static_cast<int64_t>(*nsec);
  if (s < 0 || ns < 0 || ns >= static_cast<int64_t>(kNsPerSecond)) return std::nullopt;
  return static_cast<uint64_t>(s) * kNsPerSecond + static_cast<uint64_t>(ns);
}

std::optional<uint64_t> uptime_at(Machine& m, int id, uint64_t abs_ns) {
  auto now = clock_ns(m, id);
  if (!now) return std::nullopt;
  return m.clock().uptime_ns() + (abs_ns > *now ? abs_ns - *now : 0);
}

namespace {

constexpr uint64_t kNs = kNsPerSecond;

// struct timespec with fields of `field_size` bytes (the arch word, or 8 for *_time64).
int64_t put_timespec(SyscallContext& c, uint64_t addr, uint64_t ns, unsigned field_size) {
  return write_words(c, addr, {ns / kNs, ns % kNs}, field_size);
}

int64_t do_clock_gettime(SyscallContext& c, unsigned field_size) {
  auto ns = clock_ns(c.m, int_arg(c.arg[0]));
  if (!ns) return -EINVAL;
  return put_timespec(c, c.arg[1], *ns, field_size);
}

int64_t do_clock_getres(SyscallContext& c, unsigned field_size) {
  if (!clock_ns(c.m, int_arg(c.arg[0]))) return -EINVAL;
  return c.arg[1] ? put_timespec(c, c.arg[1], 1, field_size) : 0;
}

int64_t sys_clock_gettime(SyscallContext& c) { return do_clock_gettime(c, c.arch.word_size()); }
int64_t sys_clock_gettime64(SyscallContext& c) { return do_clock_gettime(c, 8); }
int64_t sys_clock_getres(SyscallContext& c) { return do_clock_getres(c, c.arch.word_size()); }
int64_t sys_clock_getres_time64(SyscallContext& c) { return do_clock_getres(c, 8); }

int64_t sys_gettimeofday(SyscallContext& c) {
  const unsigned w = c.arch.word_size();
  const uint64_t ns = c.m.clock().realtime_ns();
  if (c.arg[0] && write_words(c, c.arg[0], {ns / kNs, (ns % kNs) / 1000}, w) < 0) return -EFAULT;
  if (c.arg[1] && write_words(c, c.arg[1], {0, 0}, 4) < 0) return -EFAULT;  // struct timezone
  return 0;
}

// Sleeping blocks the thread until its deadline on the virtual clock; when every
// thread sleeps the clock jumps there, so sleeps cost no host time. A signal handler
// ends a sleep with EINTR (-ERESTART_RESTARTBLOCK), and relative sleeps then store
// the time left in `rem` (kernel/time/hrtimer.c nanosleep_copyout); 0: no rem.
int64_t sleep_until(SyscallContext& c, uint64_t deadline, uint64_t rem, unsigned field_size) {
  if (deadline <= c.m.clock().uptime_ns()) {
    c.m.yield();
    return 0;
  }
  Thread::Wait w;
  w.deadline = deadline;
  w.restart = Thread::Wait::Restart::kNever;
  if (rem)
    w.on_interrupt = [&m = c.m, deadline, rem, field_size] {
      const uint64_t left = deadline > m.clock().uptime_ns() ? deadline - m.clock().uptime_ns() : 0;
      write_words(m, rem, {left / kNs, left % kNs}, field_size);
    };
  return c.m.block_current(w);
}

int64_t do_nanosleep(SyscallContext& c, uint64_t req, uint64_t rem, unsigned field_size) {
  auto ns = read_timespec(c, req, field_size);
  if (!ns) return -EINVAL;
  return sleep_until(c, c.m.clock().uptime_ns() + *ns, rem, field_size);
}

// clock_nanosleep(clock, flags, req, rem): TIMER_ABSTIME (1) makes req a deadline.
int64_t do_clock_nanosleep(SyscallContext& c, unsigned field_size) {
  const int clock = int_arg(c.arg[0]);
  auto ns = read_timespec(c, c.arg[2], field_size);
  if (!ns || !clock_ns(c.m, clock)) return -EINVAL;
  if (c.arg[1] & 1) {
    auto deadline = uptime_at(c.m, clock, *ns);
    return sleep_until(c, *deadline, 0, field_size);
  }
  return sleep_until(c, c.m.clock().uptime_ns() + *ns, c.arg[3], field_size);
}

int64_t sys_nanosleep(SyscallContext& c) {
  return do_nanosleep(c, c.arg[0], c.arg[1], c.arch.word_size());
}
int64_t sys_clock_nanosleep(SyscallContext& c) { return do_clock_nanosleep(c, c.arch.word_size()); }
int64_t sys_clock_nanosleep_time64(SyscallContext& c) { return do_clock_nanosleep(c, 8); }

int64_t sys_time(SyscallContext& c) {
  const uint64_t secs = c.m.clock().realtime_ns() / kNs;
  if (c.arg[0] && !c.m.mem().write_word(c.arg[0], secs, c.arch.word_size())) return -EFAULT;
  return static_cast<int64_t>(secs);
}

// struct itimerval: it_interval then it_value, each a timeval of arch words.
std::optional<IntervalTimers::Setting> read_itimerval(SyscallContext& c, uint64_t addr) {
  const unsigned w = c.arch.word_size();
  uint64_t f[4];
  for (unsigned i = 0; i < 4; i++) {
    auto v = c.m.mem().read_word(addr + i * w, w);
    if (!v) return std::nullopt;
    f[i] = w == 4 ? static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(*v))) : *v;
  }
  auto ns = [](uint64_t sec, uint64_t usec) -> std::optional<uint64_t> {
    // kernel/time/itimer.c: negative or >= 1e6 microseconds is EINVAL.
    if (static_cast<int64_t>(sec) < 0 || usec >= 1000000) return std::nullopt;
    return sec * kNs + usec * 1000;
  };
  auto interval = ns(f[0], f[1]), value = ns(f[2], f[3]);
  if (!interval || !value) return IntervalTimers::Setting{UINT64_MAX, UINT64_MAX};
  return IntervalTimers::Setting{*value, *interval};
}

int64_t write_itimerval(SyscallContext& c, uint64_t addr, IntervalTimers::Setting s) {
  const uint64_t interval = s.interval / 1000, value = s.value / 1000;  // microseconds
  return write_words(c, addr, {interval / 1000000, interval % 1000000, value / 1000000,
                               value % 1000000}, c.arch.word_size());
}

std::optional<IntervalTimers::Which> which_timer(uint64_t which) {
  if (which > IntervalTimers::kProf) return std::nullopt;
  return static_cast<IntervalTimers::Which>(which);
}

int64_t sys_setitimer(SyscallContext& c) {
  auto which = which_timer(c.arg[0]);
  if (!which) return -EINVAL;
  IntervalTimers::Setting s{};  // a null new value disarms (what the kernel still accepts)
  if (c.arg[1]) {
    auto read = read_itimerval(c, c.arg[1]);
    if (!read) return -EFAULT;
    if (read->value == UINT64_MAX) return -EINVAL;
    s = *read;
  }
  const IntervalTimers::Setting old = c.m.set_interval_timer(*which, s);
  return c.arg[2] ? write_itimerval(c, c.arg[2], old) : 0;
}

int64_t sys_getitimer(SyscallContext& c) {
  auto which = which_timer(c.arg[0]);
  if (!which) return -EINVAL;
  return write_itimerval(c, c.arg[1], c.m.clock().timer(*which));
}

// alarm(seconds): a one-shot ITIMER_REAL; returns the seconds that were left, rounded
// to nearest, and at least 1 if any time was left (kernel/time/itimer.c alarm_setitimer).
int64_t sys_alarm(SyscallContext& c) {
  const uint64_t secs = c.arg[0] & 0xffffffff;
  const IntervalTimers::Setting old =
      c.m.set_interval_timer(IntervalTimers::kReal, {secs * kNs, 0});
  uint64_t left = old.value / kNs;
  if ((left == 0 && old.value) || old.value % kNs >= kNs / 2) left++;
  return static_cast<int64_t>(left);
}

const SyscallHandlerDef kHandlers[] = {
    {"setitimer", sys_setitimer, "dpp"},
    {"getitimer", sys_getitimer, "dp"},
    {"alarm", sys_alarm, "u"},
    {"clock_gettime", sys_clock_gettime, "dp"},
    {"clock_gettime64", sys_clock_gettime64, "dp"},
    {"clock_getres", sys_clock_getres, "dp"},
    {"clock_getres_time64", sys_clock_getres_time64, "dp"},
    {"gettimeofday", sys_gettimeofday, "pp"},
    {"time", sys_time, "p"},
    {"nanosleep", sys_nanosleep, "pp"},
    {"clock_nanosleep", sys_clock_nanosleep, "dxpp"},
    {"clock_nanosleep_time64", sys_clock_nanosleep_time64, "dxpp"},
};

}  // namespace

std::span<const SyscallHandlerDef> time_syscalls() { return kHandlers; }

}  // namespace fvemu
