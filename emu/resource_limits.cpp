#include "emu/resource_limits.h"

#include <algorithm>

#include <fmt/format.h>

namespace fvemu {

ResourceLimits::Allowance ResourceLimits::output_allowance(uint64_t len) const {
  if (!max_output_) return {len, false};
  const uint64_t left = max_output_ - output_written_;
  return {std::min(len, left), left == 0 && len > 0};
}

void ResourceLimits::note(const std::string& limit, const std::string& message) {
  if (!noted_.insert(limit).second || !diagnostics_) return;
  fmt::print(diagnostics_, "fvemu: {}\n", message);
  std::fflush(diagnostics_);
}

}  // namespace fvemu
