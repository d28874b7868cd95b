// `fvemu trace`: run a program and record its calls, indirect calls, indirect jumps
// and returns (harness/trace), as JSON Lines and/or a per-call-site summary.
#include <cstdio>
#include <memory>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "emu/guest_error.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_options.h"
#include "harness/cli/stop_signals.h"
#include "harness/session.h"
#include "harness/trace/sinks.h"

namespace fvemu::cli {
namespace {

struct TraceOptions {
  RunOptions run;
  std::string kinds = "icall,ijmp";
  std::string filter;
  std::vector<int> threads;
  std::string out;
  bool summary = false;
  std::string profile = "go";
};

std::set<CallKind> parse_kinds(const std::string& list) {
  std::set<CallKind> kinds;
  std::stringstream in(list);
  for (std::string word; std::getline(in, word, ',');) {
    auto k = parse_call_kind(word);
    if (!k || *k == CallKind::kSyscall)
      throw RunError(kExitCannotRun,
                     fmt::format("trace: --kinds {}: unknown kind '{}' (call, icall, ijmp, ret)",
                                 list, word));
    kinds.insert(*k);
  }
  return kinds;
}

TraceFilter make_filter(const TraceOptions& o) {
  TraceFilter f;
  f.kinds = parse_kinds(o.kinds);
  f.threads.insert(o.threads.begin(), o.threads.end());
  if (!o.filter.empty()) f.symbols = symbol_regex(o.filter, "trace", "--filter");
  return f;
}

// The JSONL file: "-" is stdout; a file is created (or truncated) before the guest runs.
std::unique_ptr<FILE, int (*)(FILE*)> open_out(const std::string& path) {
  if (path == "-") return {stdout, [](FILE*) { return 0; }};
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) throw RunError(kExitCannotRun, fmt::format("trace: --out {}: {}", path, std::strerror(errno)));
  return {f, std::fclose};
}

int trace_program(const TraceOptions& o, const std::vector<std::string>& program_and_args) {
  SessionOptions session_options;
  session_options.run = o.run;
  session_options.profile = o.profile;
  session_options.require_profile = true;  // "auto" must tell, as for check
  session_options.check = false;
  session_options.record_kinds = {};
  session_options.trace_filter = make_filter(o);
  Session session(std::move(session_options), program_and_args, "trace");
  std::unique_ptr<FILE, int (*)(FILE*)> out{nullptr, std::fclose};
  std::unique_ptr<JsonlSink> jsonl;
  if (!o.out.empty()) {
    out = open_out(o.out);
    jsonl = std::make_unique<JsonlSink>(out.get(), session.machine().arch(), *session.profile(),
                                        make_filter(o));
    session.add_sink(jsonl.get());
  }
  SummarySink summary(stderr);
  if (o.summary || o.out.empty()) session.add_sink(&summary);
  StopOnSignals stop(session.machine());
  try {
    return finish_run(session.machine(), session.run());
  } catch (const std::exception& e) {
    if (jsonl) jsonl->finish_with_error(session.machine(), e.what());
    throw;
  }
}

}  // namespace

Command add_trace_command(CLI::App& app) {
  auto opts = std::make_shared<TraceOptions>();
  CLI::App* cmd = add_program_command(
      app, "trace", "Run a program and record its control transfers (default: indirect calls and\n"
                    "indirect jumps), with the context register and the word it points at.",
      opts->run);
  cmd->add_option("--kinds", opts->kinds,
                  "Comma-separated kinds to record: call, icall, ijmp, ret")
      ->capture_default_str();
  cmd->add_option("--filter", opts->filter,
                  "Keep only events whose site or callee symbol matches this regex (ECMAScript)");
  cmd->add_option("--thread", opts->threads, "Keep only events of this thread id (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--out", opts->out, "Write events as JSON Lines to FILE ('-': stdout)");
  cmd->add_flag("--summary", opts->summary,
                "Print a per-call-site summary to stderr at the end (the default without --out)");
  cmd->add_option("--profile", opts->profile,
                  "ABI profile: which register is the context register (go, go-step1, "
                  "go-step1-dx, or auto: the one a Go program was built for)")
      ->capture_default_str();
  cmd->footer(std::string("\nEvents are JSON objects, one per line, in execution order; the schema "
                          "is in README.md.\nThe exit status is the guest's, as for 'fvemu run'.\n\n") +
              kExitStatusHelp);
  return [opts, cmd] { return trace_program(*opts, cmd->remaining()); };
}

}  // namespace fvemu::cli
