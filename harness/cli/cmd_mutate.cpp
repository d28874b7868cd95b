// `fvemu mutate`: mutation testing of the checker on a real binary (harness/mutate).
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "emu/guest_error.h"
#include "harness/check/report.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_options.h"
#include "harness/mutate/mutate.h"
#include "harness/report/xml.h"
#include "harness/trace/symbolizer.h"

namespace fvemu::cli {
namespace {

inline constexpr int kExitMissed = 11;

struct MutateCliOptions {
  MutateOptions mutate;
  std::string operators, sites, json, junit, keep;
};

std::vector<std::string> split_operators(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string op; std::getline(in, op, ',');) {
    bool known = false;
    for (const MutationOperator& o : mutation_operators()) known |= o.name == op;
    if (!known)
      throw RunError(kExitCannotRun, fmt::format("mutate: --operators: unknown operator '{}' (operators: {})",
                                                 op, mutation_operator_names()));
    out.push_back(op);
  }
  return out;
}

int mutate(MutateCliOptions& o, const std::vector<std::string>& program_and_args) {
  if (!o.operators.empty()) o.mutate.operators = split_operators(o.operators);
  if (!o.sites.empty()) {
    o.mutate.sites = symbol_regex(o.sites, "mutate", "--sites");
    o.mutate.sites_pattern = o.sites;
  }
  o.mutate.keep = o.keep;
  if (program_and_args.empty())
    throw RunError(kExitCannotRun, "mutate: missing PROGRAM (see 'fvemu mutate --help')");
  // Fail on an unwritable report file before the work, not after it.
  if (!o.json.empty()) write_text_file(o.json, "", "mutate: --json");
  if (!o.junit.empty()) write_text_file(o.junit, "", "mutate: --junit");
  const bool tty = ::isatty(STDERR_FILENO);
  o.mutate.progress = [tty](size_t done, size_t total, const std::string& line) {
    const std::string text = fmt::format("[{:>4}/{}] {}", done, total, line);
    if (tty) fmt::print(stderr, "\r\033[K{}", text);
  };
  const MutateReport r = mutate_program(o.mutate, program_and_args);
  if (tty) fmt::print(stderr, "\r\033[K");
  if (!r.baseline_violations.empty()) {
    for (const std::string& v : r.baseline_violations) fmt::print(stderr, "{}\n", v);
    fmt::print(stderr, "fvemu mutate: {} breaks the ABI unmutated ({} violation(s)): nothing to "
                       "measure until it does not\n", r.program, r.baseline_violations.size());
    return kExitViolations;
  }
  if (r.sites.empty())
    throw RunError(kExitCannotRun, fmt::format("mutate: no func-value call site ran in {}{}", r.program,
                                               o.sites.empty() ? "" : " matching --sites " + o.sites));
  if (!o.json.empty()) write_text_file(o.json, mutate_json(r).dump(2) + "\n", "--json");
  if (!o.junit.empty()) write_text_file(o.junit, render_mutate_junit(r), "--junit");
  fmt::print("fvemu mutate: {} ({}, profile {}): first run {}, {} instructions; {} func-value call "
             "sites ran\n\n{}",
             r.program, r.arch, r.profile, r.baseline_outcome, r.baseline_insns, r.sites.size(),
             render_mutate_text(r));
  std::fflush(stdout);
  return r.count(MutantResult::kMissed) == 0 ? 0 : kExitMissed;
}

std::string operators_help() {
  std::string s = "\nOperators (each patches one instruction of a site's block, same length; 386, amd64, "
                  "ARM and Thumb):\n";
  for (const MutationOperator& o : mutation_operators()) s += fmt::format("  {:<18} {}\n", o.name, o.what);
  return s;
}

}  // namespace

Command add_mutate_command(CLI::App& app) {
  auto opts = std::make_shared<MutateCliOptions>();
  CLI::App* cmd = add_program_command(
      app, "mutate",
      "Measure the checker on a real binary: run it once to find the func-value call sites that\n"
      "execute, write mutants that break the ABI at one site each, run every mutant under the\n"
      "checker and say which it caught, missed (misbehaved unreported), or could not tell\n"
      "(equivalent: same output and calls).",
      opts->mutate.run);
  cmd->add_option("--profile", opts->mutate.profile,
                  "ABI profile, as for fvemu check (auto: the program's own)")
      ->capture_default_str();
  cmd->add_option("--operators", opts->operators,
                  "Comma-separated operators to apply (default: all): " + mutation_operator_names());
  cmd->add_option("--sites", opts->sites, "Only sites whose function or callee symbol matches this regex");
  opts->mutate.jobs = std::max(1u, std::thread::hardware_concurrency());
  cmd->add_option("-j,--jobs", opts->mutate.jobs, "Mutants run at once")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--json", opts->json, "Also write the report as JSON to FILE");
  cmd->add_option("--junit", opts->junit, "Also write JUnit XML to FILE (a testcase per mutant)");
  cmd->add_option("--keep", opts->keep, "Write the mutants into DIR and keep them (default: a temporary "
                                        "directory, removed after)")
      ->type_name("DIR");
  cmd->add_option("--mutant-max-insns", opts->mutate.mutant_max_insns,
                  "Each mutant's instruction limit (default: --max-insns, else twice the first run's "
                  "plus 10 million)");
  cmd->add_option("--mutant-timeout", opts->mutate.mutant_timeout,
                  "Each mutant's time limit in seconds (default: --timeout, else 30)")
      ->check(CLI::NonNegativeNumber);
  cmd->footer(operators_help() +
              "\nAn operator does not apply where the site lacks what it patches (the context register\n"
              "set before the block, a code word not loaded from word 0 in it, no instruction between\n"
              "the load and the call) or no same-length encoding exists; the report says which and why.\n"
              "Step 1's profiles (go-step1, go-step1-dx) have no context register: the ctx- operators do\n"
              "not apply, the others patch the register the code word is loaded through.\n"
              "The guest's stdin is /dev/null; each mutant runs under the original's name.\n"
              "\nExit status: 0 when no mutant was missed (score 100%); 11 when some were; 10 when the\n"
              "unmutated program already breaks the ABI; 125 when it cannot run or no func-value\n"
              "call site ran.\n");
  return [opts, cmd] { return mutate(*opts, cmd->remaining()); };
}

}  // namespace fvemu::cli
