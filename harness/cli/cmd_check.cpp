// `fvemu check`: run a program under the tracer with the conformance checker
// (harness/check) and report every func-value call that breaks the profile's rules.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"
#include "harness/check/checker.h"
#include "harness/check/replay.h"
#include "harness/check/report.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_options.h"
#include "harness/cli/stop_signals.h"
#include "harness/session.h"
#include "harness/trace/sinks.h"

namespace fvemu::cli {
namespace {

struct CheckOptions {
  RunOptions run;
  std::string profile = "auto";
  bool json = false;
  std::string junit;
  std::string events;  // regex: record the call sequence at matching sites
  std::string replay;  // a trace to check instead of running PROGRAM
};

// --events: the calls whose site or callee symbol matches, the first 200 (a call
// sequence to compare across arches, not a trace).
class SiteRecorder final : public EventSink {
 public:
  explicit SiteRecorder(std::regex symbols) : symbols_(std::move(symbols)) {}
  void on_event(const CallEvent& e, Symbolizer& names) override {
    if (events_.size() >= kMaxEvents || !symbols_.matches(e.site, e.target, names)) return;
    std::string line = fmt::format("{} {} -> {}", call_kind_name(e.kind), names.code(e.site),
                                   names.code(e.target));
    if (is_indirect(e.kind)) line += "  [" + e.from->source.text() + "]";
    events_.push_back(std::move(line));
  }
  bool wants_values() const override { return false; }
  const std::vector<std::string>& events() const { return events_; }

 private:
  static constexpr size_t kMaxEvents = 200;
  SymbolMatcher symbols_;
  std::vector<std::string> events_;
};

// The report, as text on stderr or JSON on stdout, and the JUnit file; the verdict
// as the exit status. The same for a live check and a replayed one.
int report_check(const CheckOptions& o, const CheckReport& report, const std::string& summary,
                 int run_status) {
  if (!o.junit.empty()) write_junit_file(o.junit, {report});
  if (o.json) {
    fmt::print("{}\n", report_json(report).dump(2));
    std::fflush(stdout);
  } else {
    for (const Violation& v : report.violations) fmt::print(stderr, "{}\n", v.text());
    fmt::print(stderr, "fvemu check: profile {}: {}\n", report.profile, report.profile_reason);
    fmt::print(stderr, "fvemu check: {} {}, profile {}: {}\n", report.program, report.arch,
               report.profile, summary);
  }
  return check_status(report.status, report.violations.size(), run_status);
}

int check_program(const CheckOptions& o, const std::vector<std::string>& program_and_args) {
  SessionOptions session_options;
  session_options.run = o.run;
  // With --json, stdout carries the report alone: the guest's stdout goes to stderr.
  if (o.json) session_options.run.stdio[1] = STDERR_FILENO;
  session_options.profile = o.profile;
  session_options.require_profile = true;
  session_options.record_kinds = {};
  Session session(std::move(session_options), program_and_args, "check");
  if (!o.junit.empty()) write_junit_file(o.junit, {});  // fail before the run, not after
  std::optional<SiteRecorder> recorder;
  if (!o.events.empty())
    session.add_sink(&recorder.emplace(symbol_regex(o.events, "check", "--events")));
  StopOnSignals stop(session.machine());
  const ExitStatus status = session.run();
  const int run_status = finish_run(session.machine(), status);
  return report_check(o, session.report(recorder ? recorder->events() : std::vector<std::string>{}),
                      session.checker()->summary_line(), run_status);
}

// --replay: nothing runs, so no option that shapes a run applies.
void refuse_run_options(const CLI::App& cmd) {
  for (const CLI::Option* opt : cmd.get_options()) {
    const std::string name = opt->get_name();
    static const std::set<std::string> kReplayOptions{"--replay", "--profile", "--json",
                                                      "--junit", "--events", "--help"};
    if (opt->count() > 0 && !kReplayOptions.count(name))
      throw RunError(kExitCannotRun,
                     fmt::format("check: {} does not apply to --replay (nothing runs)", name));
  }
}

int replay_program(const CheckOptions& o, const CLI::App& cmd,
                   const std::vector<std::string>& program_and_args) {
  refuse_run_options(cmd);
  if (program_and_args.size() != 1)
    throw RunError(kExitCannotRun, "check: --replay TRACE takes PROGRAM, the traced program, "
                                   "and nothing after it");
  if (!o.junit.empty()) write_junit_file(o.junit, {});
  std::optional<SiteRecorder> recorder;
  std::vector<EventSink*> sinks;
  if (!o.events.empty())
    sinks.push_back(&recorder.emplace(symbol_regex(o.events, "check", "--events")));
  ReplayResult r = replay_check(o.replay, program_and_args.front(), o.profile, sinks);
  if (recorder) r.report.events = recorder->events();
  if (!r.kill_report.empty()) fmt::print(stderr, "fvemu: {}\n", r.kill_report);
  return report_check(o, r.report, r.summary_line, r.report.status.host_status());
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto opts = std::make_shared<CheckOptions>();
  CLI::App* cmd = add_program_command(
      app, "check", "Run a program and check that its func-value calls follow the ABI profile:\n"
                    "the context register holds the func value and the call goes through word 0.",
      opts->run);
  cmd->add_option("--profile", opts->profile,
                  "ABI profile: go, go-step1, go-step1-dx, or auto: the era a Go program was built in, told "
                  "from its runtime (README \"Profiles\"); other programs need it said")
      ->capture_default_str();
  cmd->add_flag("--json", opts->json,
                "Print the report as JSON on stdout (the guest's stdout then goes to stderr, "
                "unless --stdout)");
  cmd->add_option("--junit", opts->junit, "Also write a JUnit XML report to FILE");
  cmd->add_option("--replay", opts->replay,
                  "Check a trace recorded by 'fvemu trace --out TRACE PROGRAM' instead of running: "
                  "PROGRAM is the traced program, for its symbols and code; the verdict and exit "
                  "status are the live check's")
      ->type_name("TRACE");
  cmd->add_option("--events", opts->events,
                  "With --json: also record the calls at sites or callees matching this regex "
                  "(the first 200)");
  cmd->footer(std::string("\nExit status: 0 when the guest exits 0 and no call breaks a rule; 10 "
                          "when some call does\n(whatever the guest did); otherwise the run's own "
                          "status:\n\n") + kExitStatusHelp);
  return [opts, cmd] {
    return opts->replay.empty() ? check_program(*opts, cmd->remaining())
                                : replay_program(*opts, *cmd, cmd->remaining());
  };
}

}  // namespace fvemu::cli
