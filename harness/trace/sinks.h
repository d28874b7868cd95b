// Where trace events go: JSON Lines (one event per line, schema in README), a
// per-call-site summary table, or a function (the Python module).
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <regex>
#include <set>
#include <unordered_map>
#include <vector>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "harness/trace/tracer.h"

namespace fvemu {

// One JSON object per event, then a closing line saying how the run ended, so that a
// reader can tell a complete trace from a cut one (README "fvemu trace"), and what
// was traced (arch, profile, kinds, filters), so that `fvemu check --replay` can
// judge it.
class JsonlSink final : public EventSink {
 public:
  // `filter`: the tracer's (Session::tracer), what the closing line says was traced.
  JsonlSink(FILE* out, const Arch& arch, const Profile& profile, TraceFilter filter)
      : out_(out), arch_(arch), profile_(profile), filter_(std::move(filter)) {}
  void on_event(const CallEvent& e, Symbolizer& names) override;
  bool wants_load_faults() const override { return true; }  // the checker reads them back
  void finish(const Machine& m, Symbolizer&) override;
  // The run failed inside fvemu (an internal error): close the trace saying so.
  void finish_with_error(const Machine& m, const std::string& message);

 private:
  void print(const nlohmann::ordered_json& line);  // one line of JSON
  void write_end(const nlohmann::ordered_json& line);

  nlohmann::ordered_json end_line(const char* end, int status, const std::string& signal,
                                  const std::string& detail, uint64_t instructions) const;

  FILE* out_;
  const Arch& arch_;
  const Profile& profile_;
  TraceFilter filter_;
  uint64_t events_ = 0;
  bool finished_ = false;
};

class SummarySink final : public EventSink {
 public:
  explicit SummarySink(FILE* out) : out_(out) {}
  void on_event(const CallEvent& e, Symbolizer& names) override;
  void finish(const Machine& m, Symbolizer& names) override;
  bool wants_values() const override { return false; }

 private:
  struct Site {
    uint64_t site = 0;
    CallKind kind = CallKind::kNone;
    uint64_t count = 0;
    std::string source;
    std::vector<std::pair<uint64_t, uint64_t>> callees;  // (target, count): usually one or two
  };
  FILE* out_;
  // By site address and kind; counted on every event, so a hash map and no symbols,
  // and the last one kept at hand (a busy loop calls from one site again and again).
  std::unordered_map<uint64_t, Site> sites_;
  uint64_t last_key_ = ~0ull;
  Site* last_ = nullptr;
};

// Calls a function for the events of `kinds` whose site or callee symbol matches
// `symbols` (when given): the Python module's call recorder and callbacks.
class CallbackSink final : public EventSink {
 public:
  using Fn = std::function<void(const CallEvent&, Symbolizer&)>;
  CallbackSink(std::set<CallKind> kinds, std::optional<std::regex> symbols, Fn fn)
      : kinds_(std::move(kinds)), fn_(std::move(fn)) {
    if (symbols) symbols_.emplace(std::move(*symbols));
  }
  void on_event(const CallEvent& e, Symbolizer& names) override {
    if (!kinds_.count(e.kind) || (symbols_ && !symbols_->matches(e.site, e.target, names))) return;
    fn_(e, names);
  }
  const std::set<CallKind>& kinds() const { return kinds_; }

 private:
  std::set<CallKind> kinds_;
  std::optional<SymbolMatcher> symbols_;
  Fn fn_;
};

}  // namespace fvemu
