// `fvemu mutate`: mutation testing of the checker on real compiler output. One run of
// the program finds the func-value call sites that execute; each operator
// (operators.h) writes a copy of the binary with one instruction of one site patched;
// every mutant runs under the checker, and is judged against the first run:
//   caught      a violation at the mutated site's block (where the checker points);
//   missed      the program behaved differently (status, output, calls) and the
//               checker said nothing there: a false negative;
//   equivalent  same status, output and calls, and no violation: nothing observable;
//   not reached the patched bytes never ran.
// score = caught / (caught + missed).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emu/machine.h"
#include "harness/guest_run.h"
#include "harness/mutate/operators.h"

namespace fvemu {

struct MutateOptions {
  RunOptions run;
  std::string profile = "auto";
  std::vector<std::string> operators;  // empty: all
  std::optional<std::regex> sites;     // only sites whose symbol matches
  std::string sites_pattern;           // its text, for the report
  unsigned jobs = 1;
  // Where the mutants are written and kept; empty: a temporary directory, removed after.
  std::filesystem::path keep;
  // Each mutant's limits: by default twice the first run's instructions plus 10
  // million, and 30 seconds (or the run options' own, when given).
  uint64_t mutant_max_insns = 0;
  double mutant_timeout = 0;
  std::function<void(size_t done, size_t total, const std::string& line)> progress;
};

// A func-value call site that ran in the first run.
struct MutationSite {
  uint64_t site = 0, block = 0;
  uint32_t block_size = 0;
  bool thumb = false;
  std::string symbol, callee;  // "main.callTwice+0x22", "main.double"
  std::string source;          // how its target was computed ("CX <- [AX+0]")
  std::string where;           // "closures.go:53"
  uint64_t target = 0, times = 0;
  bool callee_consumes_ctx = false;
  bool runtime_assembly = false;
};

struct MutantResult {
  size_t site = 0;  // into MutateReport::sites
  Mutation mutation;
  enum Verdict { kCaught, kMissed, kEquivalent, kNotReached, kNotApplicable } verdict = kNotApplicable;
  std::string outcome;                  // how the mutant ended ("exit 0", "killed by SIGSEGV ...")
  std::string evidence;                 // missed: what differed; caught: the first violation's text
  std::vector<std::string> violations;  // "RULE SITE -> CALLEE"
  std::string file;                     // the mutant, when kept
};

std::string_view verdict_name(MutantResult::Verdict v);

struct MutateReport {
  std::string program, arch, profile, profile_reason;
  std::string baseline_outcome;
  uint64_t baseline_insns = 0;
  // The unmutated program already breaks the ABI: nothing was mutated (fvemu check).
  std::vector<std::string> baseline_violations;
  std::vector<MutationSite> sites;
  std::vector<MutantResult> mutants;
  size_t count(MutantResult::Verdict v) const;
  size_t applicable() const { return mutants.size() - count(MutantResult::kNotApplicable); }
  double score() const;  // percent; 100 when nothing was caught or missed
  // "N mutants, caught C, missed M, equivalent E: score X%"
  std::string summary_line() const;
};

// Throws RunError when the program cannot run, or breaks the ABI unmutated.
MutateReport mutate_program(const MutateOptions& o, const std::vector<std::string>& program_and_args);

// The table (a row per site, a column per operator), the evidence of every missed
// mutant, why operators did not apply, and the summary line.
std::string render_mutate_text(const MutateReport& r);
nlohmann::ordered_json mutate_json(const MutateReport& r);
// One testcase per applicable mutant (classname: the program's arch and site), a
// failure for each missed one.
std::string render_mutate_junit(const MutateReport& r);

}  // namespace fvemu
