// `fvemu check`: run a program under the tracer with the conformance checker
// (harness/check) and report every func-value call that breaks the profile's rules.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <regex>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"
#include "harness/check/checker.h"
#include "harness/check/report.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_options.h"
#include "harness/trace/sinks.h"

namespace fvemu::cli {
namespace {

struct CheckOptions {
  RunOptions run;
  std::string profile = "auto";
  bool json = false;
  std::string junit;
  std::string events;  // regex: record the call sequence at matching sites
};

// --events: the calls whose site or callee symbol matches, the first 200 (a call
// sequence to compare across arches, not a trace).
class SiteRecorder final : public EventSink {
 public:
  explicit SiteRecorder(std::regex symbols) : symbols_(std::move(symbols)) {}
  void on_event(const CallEvent& e, Symbolizer& names) override {
    if (events_.size() >= kMaxEvents || !(matches(e.site, names) || matches(e.target, names)))
      return;
    std::string line = fmt::format("{} {} -> {}", call_kind_name(e.kind), names.code(e.site),
                                   names.code(e.target));
    if (is_indirect(e.kind)) line += "  [" + e.from->source.text() + "]";
    events_.push_back(std::move(line));
  }
  bool wants_values() const override { return false; }
  const std::vector<std::string>& events() const { return events_; }

 private:
  static constexpr size_t kMaxEvents = 200;
  bool matches(uint64_t addr, Symbolizer& names) {
    auto [it, fresh] = matched_.try_emplace(addr, false);
    if (fresh) it->second = std::regex_search(names.code(addr), symbols_);
    return it->second;
  }
  std::regex symbols_;
  std::unordered_map<uint64_t, bool> matched_;
  std::vector<std::string> events_;
};

int check_program(const CheckOptions& o, const std::vector<std::string>& program_and_args) {
  // With --json, stdout carries the report alone: the guest's stdout goes to stderr.
  int report_fd = STDOUT_FILENO;
  if (o.json && o.run.stdout_file.empty()) {
    report_fd = ::dup(STDOUT_FILENO);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
  }
  std::unique_ptr<Machine> m = build_machine(o.run, program_and_args, "check");
  const Profile& profile = choose_profile(*m, o.profile, program_and_args.front(), "check");
  if (!o.junit.empty()) write_junit_file(o.junit, {});  // fail before the run, not after
  Symbolizer names(*m, program_and_args.front());
  TraceFilter filter;
  filter.kinds = {CallKind::kCall, CallKind::kIndirectCall, CallKind::kIndirectJump};
  Tracer tracer(*m, profile, filter, names);
  Checker checker(*m, profile);
  tracer.add_sink(&checker);
  std::optional<SiteRecorder> recorder;
  if (!o.events.empty())
    tracer.add_sink(&recorder.emplace(symbol_regex(o.events, "check", "--events")));
  m->add_observer(&tracer);
  const ExitStatus status = m->run();
  const int run_status = finish_run(*m, status);
  CheckReport report{program_and_args.front(), std::string(m->arch().name()),
                     std::string(profile.name), status, checker.violations(), checker.counts(),
                     recorder ? recorder->events() : std::vector<std::string>{}};
  if (!o.junit.empty()) write_junit_file(o.junit, {report});
  if (o.json) {
    const std::string doc = report_json(report).dump(2) + "\n";
    if (::write(report_fd, doc.data(), doc.size()) < 0) {}  // nothing more to do if stdout is gone
    if (report_fd != STDOUT_FILENO) ::close(report_fd);
  } else {
    for (const Violation& v : checker.violations()) fmt::print(stderr, "{}\n", v.text());
    fmt::print(stderr, "fvemu check: {} {}, profile {}: {}\n", program_and_args.front(),
               m->arch().name(), profile.name, checker.summary_line());
  }
  return check_status(status, checker.violations().size(), run_status);
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto opts = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Run a program and check that its func-value calls follow the ABI profile:\n"
               "the context register holds the func value and the call goes through word 0.\n"
               "Usage: fvemu check [OPTIONS] PROGRAM [ARGS...]");
  add_run_options(cmd, opts->run);
  cmd->add_option("--profile", opts->profile,
                  "ABI profile: go, go-step1, or auto (Go programs are go; others need it said)")
      ->capture_default_str();
  cmd->add_flag("--json", opts->json,
                "Print the report as JSON on stdout (the guest's stdout then goes to stderr, "
                "unless --stdout)");
  cmd->add_option("--junit", opts->junit, "Also write a JUnit XML report to FILE");
  cmd->add_option("--events", opts->events,
                  "With --json: also record the calls at sites or callees matching this regex "
                  "(the first 200)");
  cmd->footer(std::string("\nExit status: 0 when the guest exits 0 and no call breaks a rule; 10 "
                          "when some call does\n(whatever the guest did); otherwise the run's own "
                          "status:\n\n") + kExitStatusHelp);
  return [opts, cmd] { return check_program(*opts, cmd->remaining()); };
}

}  // namespace fvemu::cli
