// What the process has beside its memory, files and threads: who it is (the ids
// getpid and getuid report, and auxv's AT_UID), the program break, the signal dispositions (shared by all threads, as the kernel's sighand_struct is) and
// the seeded random source behind AT_RANDOM and getrandom.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace fvemu {

// The ids the guest sees: fixed, so that runs repeat; not the host's.
struct GuestIdentity {
  int pid = 1000, ppid = 999;
  int uid = 1000, gid = 1000;
};

struct SignalAction {
  uint64_t handler = 0;
  uint64_t flags = 0;
  uint64_t restorer = 0;
  uint64_t mask = 0;
};

class ProcessState {
 public:
  explicit ProcessState(uint64_t seed) : rng_state_(seed ^ 0x66766d75ull) {}

  GuestIdentity identity;
  uint64_t brk_start = 0;  // where the heap begins, after the image
  uint64_t brk = 0;        // the current break
  std::array<SignalAction, 65> signal_actions{};

  // Deterministic bytes from the run's seed (splitmix64).
  void fill_random(void* out, size_t len);

 private:
  uint64_t rng_state_;
};

}  // namespace fvemu
