// Checking a recorded trace offline: the JSON Lines `fvemu trace --out` writes
// (sinks.h), read back into complete CallEvents and judged by the same Checker, with
// the program's file for its symbols and code. Gives the live check's verdict: the
// events carry everything the rules read (call_event.h), and each block is decoded
// again from the program (or, for code written at run time, from the bytes the trace
// carries) exactly as the tracer decoded it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/check/report.h"
#include "harness/trace/tracer.h"

namespace fvemu {

struct ReplayResult {
  CheckReport report;
  uint64_t instructions = 0;  // the guest ran, as the trace's closing line says
  std::string kill_report;    // how a killed guest died, as the run printed it; else ""
  std::string summary_line;   // Checker::summary_line
};

// Checks `trace` (a file) of `program` against `profile_name` ("auto": the one
// `fvemu check` would choose, which must be the one the trace was recorded with).
// `sinks` see the events too (`fvemu check --events`). Throws RunError (usage, exit
// 125) for a trace that is not one complete, unfiltered trace of this program with
// indirect calls and jumps, and for a run that failed inside fvemu.
ReplayResult replay_check(const std::string& trace, const std::string& program,
                          const std::string& profile_name, const std::vector<EventSink*>& sinks = {});

}  // namespace fvemu
