#include "emu/interval_timers.h"

#include <csignal>

namespace fvemu {
namespace {

constexpr int kSignal[] = {SIGALRM, SIGVTALRM, SIGPROF};

}  // namespace

IntervalTimers::Setting IntervalTimers::get(Which which, uint64_t now) const {
  const Timer& t = timers_[which];
  if (!t.due) return {0, t.interval};
  // An armed timer never reports 0 left: that would read as disarmed (the kernel
  // reports one microsecond).
  return {t.due > now ? t.due - now : 1000, t.interval};
}

IntervalTimers::Setting IntervalTimers::set(Which which, Setting s, uint64_t now) {
  const Setting old = get(which, now);
  timers_[which] = s.value ? Timer{now + s.value, s.interval} : Timer{};
  return old;
}

std::vector<int> IntervalTimers::expire(uint64_t real_now, uint64_t cpu_now) {
  std::vector<int> signals;
  for (size_t i = 0; i < timers_.size(); i++) {
    Timer& t = timers_[i];
    const uint64_t now = i == kReal ? real_now : cpu_now;
    if (!t.due || t.due > now) continue;
    signals.push_back(kSignal[i]);
    t.due = t.interval ? now + t.interval - (now - t.due) % t.interval : 0;
  }
  return signals;
}

std::optional<uint64_t> IntervalTimers::next_real() const {
  if (!timers_[kReal].due) return std::nullopt;
  return timers_[kReal].due;
}

std::optional<uint64_t> IntervalTimers::next_cpu() const {
  std::optional<uint64_t> next;
  for (Which w : {kVirtual, kProf})
    if (timers_[w].due) next = next ? std::min(*next, timers_[w].due) : timers_[w].due;
  return next;
}

}  // namespace fvemu
