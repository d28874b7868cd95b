// The process's interval timers (setitimer(2), kernel/time/itimer.c): ITIMER_REAL counts
// guest time and sends SIGALRM; ITIMER_VIRTUAL and ITIMER_PROF count the process's CPU
// time (one nanosecond per executed instruction, like CLOCK_PROCESS_CPUTIME_ID) and send
// SIGVTALRM and SIGPROF. Pure bookkeeping on clock readings the Machine passes in.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace fvemu {

class IntervalTimers {
 public:
  enum Which { kReal = 0, kVirtual = 1, kProf = 2 };
  struct Setting {
    uint64_t value = 0;     // ns until it fires; 0: disarmed
    uint64_t interval = 0;  // ns between firings after that; 0: one-shot
  };

  // Arms timer `which` (or disarms it, with value 0) at clock reading `now`; returns
  // the previous setting as getitimer would have.
  Setting set(Which which, Setting s, uint64_t now);
  Setting get(Which which, uint64_t now) const;
  // The signals of the timers due at these clock readings, in timer order; periodic
  // timers are re-armed (missed periods are dropped, as hrtimer_forward does).
  std::vector<int> expire(uint64_t real_now, uint64_t cpu_now);
  // When the next ITIMER_REAL firing is due (a real-clock reading), if armed.
  std::optional<uint64_t> next_real() const;
  // When the next ITIMER_VIRTUAL or ITIMER_PROF firing is due (a CPU-clock reading).
  std::optional<uint64_t> next_cpu() const;

 private:
  struct Timer {
    uint64_t due = 0;  // clock reading; 0: disarmed
    uint64_t interval = 0;
  };
  std::array<Timer, 3> timers_;
};

}  // namespace fvemu
