// `fvemu check`: run a program under the tracer with the conformance checker
// (harness/check) and report every func-value call that breaks the profile's rules.
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"
#include "harness/check/checker.h"
#include "harness/check/report.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_options.h"

namespace fvemu::cli {
namespace {

struct CheckOptions {
  RunOptions run;
  std::string profile = "auto";
  bool json = false;
  std::string junit;
};

int check_program(const CheckOptions& o, const std::vector<std::string>& program_and_args) {
  // With --json, stdout carries the report alone: the guest's stdout goes to stderr.
  int report_fd = STDOUT_FILENO;
  if (o.json && o.run.stdout_file.empty()) {
    report_fd = ::dup(STDOUT_FILENO);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
  }
  std::unique_ptr<Machine> m = build_machine(o.run, program_and_args, "check");
  const Profile& profile = choose_profile(*m, o.profile, program_and_args.front());
  if (!o.junit.empty()) write_junit_file(o.junit, {});  // fail before the run, not after
  Symbolizer names(*m, program_and_args.front());
  TraceFilter filter;
  filter.kinds = {CallKind::kCall, CallKind::kIndirectCall, CallKind::kIndirectJump};
  Tracer tracer(*m, profile, filter, names);
  Checker checker(*m, profile);
  tracer.add_sink(&checker);
  m->add_observer(&tracer);
  const ExitStatus status = m->run();
  const int run_status = finish_run(*m, status);
  CheckReport report{program_and_args.front(), std::string(m->arch().name()),
                     std::string(profile.name), status, checker.violations(), checker.counts()};
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
  cmd->footer(std::string("\nExit status: 0 when the guest exits 0 and no call breaks a rule; 10 "
                          "when some call does\n(whatever the guest did); otherwise the run's own "
                          "status:\n\n") + kExitStatusHelp);
  return [opts, cmd] { return check_program(*opts, cmd->remaining()); };
}

}  // namespace fvemu::cli
