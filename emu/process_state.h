// What the process has beside its memory, files and threads: the program break, the
// signal dispositions (shared by all threads, as the kernel's sighand_struct is) and
// the seeded random source behind AT_RANDOM and getrandom.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace fvemu {

struct SignalAction {
  uint64_t handler = 0;
  uint64_t flags = 0;
  uint64_t restorer = 0;
  uint64_t mask = 0;
};

class ProcessState {
 public:
  explicit ProcessState(uint64_t seed) : rng_state_(seed ^ 0x66766d75ull) {}

  uint64_t brk_start = 0;  // where the heap begins, after the image
  uint64_t brk = 0;        // the current break
  std::array<SignalAction, 65> signal_actions{};

  // Deterministic bytes from the run's seed (splitmix64).
  void fill_random(void* out, size_t len);

 private:
  uint64_t rng_state_;
};

}  // namespace fvemu
