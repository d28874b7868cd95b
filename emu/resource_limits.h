// The guest's resource limits the machine keeps track of itself (README "Limits"):
// the output it may still write (--max-output) and the one note per limit reached,
// printed on the diagnostics stream the first time. Memory, thread and file limits
// are counted where those live (AddressSpace, Scheduler, FileTable), which report here.
#pragma once

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>

namespace fvemu {

class ResourceLimits {
 public:
  ResourceLimits(uint64_t max_output, FILE* diagnostics) : max_output_(max_output), diagnostics_(diagnostics) {}

  // How many of `len` bytes the guest may still write (all of them without a limit);
  // `exhausted` when nothing is left for a write of len > 0.
  struct Allowance {
    uint64_t bytes;
    bool exhausted;
  };
  Allowance output_allowance(uint64_t len) const;
  void count_output(uint64_t n) { output_written_ += n; }
  // Says `message` once per `limit` (its name), the first time it is reached.
  void note(const std::string& limit, const std::string& message);

 private:
  const uint64_t max_output_;
  FILE* const diagnostics_;
  uint64_t output_written_ = 0;
  std::set<std::string> noted_;
};

}  // namespace fvemu
