// The guest's clocks and the process's interval timers. Virtual by default: one
// nanosecond per executed instruction, plus the time skipped while every thread
// slept, so that runs repeat exactly; with --realtime the host's clocks (not
// deterministic). The instruction count stays the Machine's (the block hook's hot
// counter): the clock reads it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "emu/interval_timers.h"

namespace fvemu {

class GuestClock {
 public:
  static constexpr uint64_t kBootMonotonicNs = 1000ull * 1000000000ull;
  static constexpr uint64_t kBootRealtimeNs = 1704067200ull * 1000000000ull;  // 2024-01-01

  GuestClock(const uint64_t& instructions, bool realtime);
  // The run starts now (--realtime: the host's steady clock).
  void start();

  uint64_t uptime_ns() const {
    return realtime_ ? host_ns(std::chrono::steady_clock::now()) - host_start_ns_ : insns_ + idle_ns_;
  }
  uint64_t monotonic_ns() const { return kBootMonotonicNs + uptime_ns(); }
  uint64_t realtime_ns() const {
    return realtime_ ? host_ns(std::chrono::system_clock::now()) : kBootRealtimeNs + uptime_ns();
  }
  // The process's CPU time: one nanosecond per executed instruction.
  uint64_t cpu_ns() const { return insns_; }
  // Every thread sleeps until `until` (uptime): skip ahead, or with --realtime wait in
  // slices until then or until `stop()` says the run must end.
  void idle_until(uint64_t until, const std::function<bool()>& stop);
  // The instruction count at which virtual uptime reaches `t` (0 if it has); none with
  // --realtime, whose time does not follow instructions.
  std::optional<uint64_t> instruction_count_at(uint64_t t) const;

  // setitimer/getitimer: ITIMER_REAL runs on uptime_ns(), the others on cpu_ns().
  IntervalTimers::Setting set_timer(IntervalTimers::Which which, IntervalTimers::Setting s) {
    return timers_.set(which, s, timer_clock(which));
  }
  IntervalTimers::Setting timer(IntervalTimers::Which which) const { return timers_.get(which, timer_clock(which)); }
  // The signals of the timers due now.
  std::vector<int> expire_timers() { return timers_.expire(uptime_ns(), cpu_ns()); }
  const IntervalTimers& timers() const { return timers_; }

 private:
  uint64_t timer_clock(IntervalTimers::Which which) const {
    return which == IntervalTimers::kReal ? uptime_ns() : cpu_ns();
  }
  template <typename Clock>
  static uint64_t host_ns(std::chrono::time_point<Clock> t) {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
  }

  const uint64_t& insns_;
  const bool realtime_;
  uint64_t idle_ns_ = 0;
  uint64_t host_start_ns_ = 0;
  IntervalTimers timers_;
};

}  // namespace fvemu
