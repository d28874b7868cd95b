// fvemu's own SIGINT, SIGTERM and SIGHUP while a guest runs: they end the run, not
// fvemu. The guest is killed with the same signal at its next block (or its blocking
// host call returns at once), so the command still writes its trace's closing line,
// its report and JUnit file, and exits 128+N like a process killed by N.
#pragma once

#include "emu/machine.h"

namespace fvemu::cli {

class StopOnSignals {
 public:
  // While it lives, those signals interrupt `m`; a signal that was ignored (nohup,
  // a background job's SIGINT) stays ignored.
  explicit StopOnSignals(Machine& m);
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;
};

}  // namespace fvemu::cli
