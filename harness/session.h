// One guest run with its tracer, checker and recorders, set up once for every front:
// `fvemu check` runs one, and the Python module's run(), check() and Machine are one.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "emu/machine.h"
#include "harness/check/checker.h"
#include "harness/profile/choice.h"
#include "harness/check/report.h"
#include "harness/guest_run.h"
#include "harness/profile/profile.h"
#include "harness/trace/call_record.h"
#include "harness/trace/sinks.h"
#include "harness/trace/symbolizer.h"
#include "harness/trace/tracer.h"

namespace fvemu {

struct SessionOptions {
  RunOptions run;
  // A profile's name, or "auto": the one the program was built for (report.h).
  std::string profile = "auto";
  // With "auto": a program whose profile cannot be told is an error (`fvemu check`).
  // Without it, such a program is traced the go profile's way and nothing is checked.
  bool require_profile = false;
  bool trace = true;  // false: no tracer, no checker, nothing recorded
  bool check = true;  // false: the profile only names the traced context register
  // What the tracer reports besides what the checker and recorders need (kinds), and
  // which events it passes on at all (symbols, threads): `fvemu trace`'s options.
  TraceFilter trace_filter{{}, std::nullopt, {}};
  // The calls kept in calls(): these kinds, at sites or callees matching `record_symbols`.
  std::set<CallKind> record_kinds{CallKind::kIndirectCall, CallKind::kIndirectJump};
  std::optional<std::regex> record_symbols;
  // Keep at most this many (0: no limit); the rest are only counted (calls_dropped).
  uint64_t max_recorded = 0;
};

class Session {
 public:
  // Loads the program and builds its machine; throws RunError naming `command`.
  Session(SessionOptions options, const std::vector<std::string>& program_and_args,
          const std::string& command);

  Machine& machine() { return *machine_; }
  const Machine& machine() const { return *machine_; }
  const std::string& program() const { return program_; }
  // The profile named, or the program's own; null when auto could not tell. Checked
  // when tracing.
  const Profile* profile() const { return profile_.profile; }
  // Why that profile (ProfileChoice::reason).
  const std::string& profile_reason() const { return profile_.reason; }
  Symbolizer& names() { return names_; }

  // Before the first run: more receivers of traced events. `sink` must outlive the
  // session.
  void add_sink(EventSink* sink);
  void on_call(std::set<CallKind> kinds, std::optional<std::regex> symbols, CallbackSink::Fn fn);
  bool started() const { return started_; }

  // Machine::run_until, with the tracing set up on the first call.
  std::optional<ExitStatus> run_until(uint64_t insns);
  ExitStatus run() { return *run_until(UINT64_MAX); }

  // The record of an event, its names resolved.
  CallRecord record(const CallEvent& e);
  const std::vector<CallRecord>& calls() const { return calls_; }
  // Hands the recorded calls over (calls() is then empty).
  std::vector<CallRecord> take_calls() { return std::move(calls_); }
  // Calls that matched but were past max_recorded.
  uint64_t calls_dropped() const { return calls_dropped_; }
  // The tracer, once the run started with one.
  const Tracer* tracer() const { return tracer_ ? &*tracer_ : nullptr; }
  // Null when nothing is checked.
  const Checker* checker() const { return checker_ ? &*checker_ : nullptr; }
  // What `fvemu check` reports, once the guest has ended and if it was checked.
  CheckReport report(std::vector<std::string> events = {}) const;

 private:
  void start();

  SessionOptions options_;
  std::string program_;
  std::unique_ptr<Machine> machine_;
  ProfileChoice profile_;
  Symbolizer names_;
  std::vector<EventSink*> sinks_;
  std::vector<std::unique_ptr<CallbackSink>> callbacks_;
  std::optional<Tracer> tracer_;
  std::optional<Checker> checker_;
  std::vector<CallRecord> calls_;
  uint64_t calls_dropped_ = 0;
  bool started_ = false;
};

}  // namespace fvemu
