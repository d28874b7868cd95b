#include "emu/guest_clock.h"

#include <algorithm>
#include <thread>

namespace fvemu {

GuestClock::GuestClock(const uint64_t& instructions, bool realtime) : insns_(instructions), realtime_(realtime) {}

void GuestClock::start() { host_start_ns_ = host_ns(std::chrono::steady_clock::now()); }

void GuestClock::idle_until(uint64_t until, const std::function<bool()>& stop) {
  if (!realtime_) {
    idle_ns_ += until - uptime_ns();
    return;
  }
  // Really wait, in slices, so that --timeout still ends a guest that sleeps forever.
  while (uptime_ns() < until && !stop())
    std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<uint64_t>(until - uptime_ns(), 10'000'000)));
}

std::optional<uint64_t> GuestClock::instruction_count_at(uint64_t t) const {
  if (realtime_) return std::nullopt;
  return t > idle_ns_ ? t - idle_ns_ : 0;
}

}  // namespace fvemu
