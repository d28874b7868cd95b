// What `fvemu check` reports about one run: as JSON, as JUnit XML (report/xml.h),
// and the exit status contract.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emu/machine.h"
#include "harness/check/checker.h"
#include "harness/report/xml.h"

namespace fvemu {

struct CheckReport {
  std::string program;
  std::string arch;
  std::string profile;
  std::string profile_reason;  // ProfileChoice::reason
  ExitStatus status;
  std::vector<Violation> violations;
  CheckCounts counts;
  std::vector<std::string> events;  // --events: "kind site -> callee  [source]", in order
};

// The checker's verdict as an exit status: 10 with violations, 0 for a clean run that
// exited 0, else the run's own status.
inline constexpr int kExitViolations = 10;
int check_status(const ExitStatus& s, size_t violations, int run_status);

nlohmann::ordered_json report_json(const CheckReport& r);
// One testcase per program x arch, a failure for violations.
void write_junit_file(const std::string& path, const std::vector<CheckReport>& reports);
}  // namespace fvemu
