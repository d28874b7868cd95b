// The virtual clock as syscalls see it: reading clocks, and the timespecs that carry
// timeouts and deadlines (time.cpp, futex.cpp).
#pragma once

#include <cstdint>
#include <optional>

#include "emu/linux/syscall.h"

namespace fvemu {

class Machine;

inline constexpr uint64_t kNsPerSecond = 1000000000;

// Nanoseconds on clock `id` now, or nullopt for a clock Linux does not have.
std::optional<uint64_t> clock_ns(Machine& m, int id);
// A struct timespec with fields of `field_size` bytes; nullopt if unreadable or invalid.
std::optional<uint64_t> read_timespec(SyscallContext& c, uint64_t addr, unsigned field_size);
// GuestClock::uptime_ns() at which clock `id` reads `abs_ns` (for absolute deadlines).
std::optional<uint64_t> uptime_at(Machine& m, int id, uint64_t abs_ns);

}  // namespace fvemu
