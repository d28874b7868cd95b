// A call event with its names resolved (symbols, file and line, how the target was
// computed): what JSON Lines traces write and the Python module hands out. Unlike a
// CallEvent, which points into the tracer's block cache, it outlives the run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/trace/call_event.h"
#include "harness/trace/source_lines.h"
#include "harness/trace/symbolizer.h"

namespace fvemu {

struct CallRecord {
  int tid = 0;
  uint64_t seq = 0;
  CallKind kind = CallKind::kNone;
  uint64_t site = 0;
  std::string site_symbol;    // "" when no function symbol covers it
  uint64_t target = 0;
  std::string callee_symbol;  // ""
  uint64_t sp = 0;
  uint64_t ctx = 0;
  std::string ctx_symbol;     // the data symbol ctx points into (Go's static func values)
  std::optional<uint64_t> word0;
  std::string source;         // TargetSource::text() of an indirect transfer, else ""
  std::optional<SourceLines::Location> where;  // of the site
  bool through_func_value = false;  // ctx held a func value whose word 0 is the callee
};

// `e` with its names resolved.
CallRecord resolve(const Arch& arch, const CallEvent& e, Symbolizer& names);

}  // namespace fvemu
