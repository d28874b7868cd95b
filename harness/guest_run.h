// Setting up one guest run the way every front does (the CLI's commands, the Python
// module): the options that shape the machine, building it, and the one-line report
// of a guest killed by a signal.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "emu/machine.h"

namespace fvemu {

struct RunOptions {
  std::string arch = "auto";  // the arch PROGRAM must be for; "auto": whatever it is
  std::vector<std::string> env;  // NAME=VALUE; later entries replace earlier ones
  bool inherit_env = false;      // start from fvemu's own environment
  std::vector<std::string> ro_dirs;
  std::vector<std::string> rw_dirs;
  uint64_t max_insns = 0;
  double timeout = 0;
  uint64_t max_memory = MachineConfig::kDefaultMaxMemory;  // 0: no limit
  uint32_t max_threads = MachineConfig{}.max_threads;
  uint32_t max_files = MachineConfig{}.max_files;
  uint64_t max_output = 0;  // 0: no limit
  bool strace = false;
  uint64_t seed = 0;
  bool realtime = false;
  bool floor = false;  // MachineConfig::floor: benchmarks only
  std::array<int, 3> stdio = {0, 1, 2};  // host fds the guest's 0, 1, 2 copy
  std::string stdout_file;  // the guest's stdout goes here instead (created or truncated)
  // The name the guest has (argv[0], its executable) when not PROGRAM as named: fvemu
  // mutate runs each mutant under the original's name, so their outputs compare.
  std::string argv0;
};

// Loads PROGRAM (program_and_args[0]) and builds its machine; throws RunError.
// `command` names the subcommand in messages.
std::unique_ptr<Machine> build_machine(const RunOptions& o,
                                       const std::vector<std::string>& program_and_args,
                                       const std::string& command);
// "guest killed by SIGSEGV at pc=0x401000 (main.main+0x10), fault address 0x0"
std::string kill_report(const Machine& m, const ExitStatus& s);

}  // namespace fvemu
