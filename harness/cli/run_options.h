// What every command that runs a guest shares (`fvemu run`, `fvemu trace`): the
// options that shape the machine, building it, and the report of a killed guest.
#pragma once

#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "emu/machine.h"

namespace fvemu::cli {

struct RunOptions {
  std::string arch = "auto";
  std::vector<std::string> env;
  bool inherit_env = false;
  std::vector<std::string> ro_dirs;
  std::vector<std::string> rw_dirs;
  uint64_t max_insns = 0;
  double timeout = 0;
  bool strace = false;
  uint64_t seed = 0;
  bool realtime = false;
  std::string stdout_file;  // the guest's stdout goes here instead of fvemu's
};

// Registers the run options on `cmd`, which then takes PROGRAM [ARGS...] as the rest.
void add_run_options(CLI::App* cmd, RunOptions& o);
// Loads PROGRAM (program_and_args[0]) and builds its machine; throws RunError.
// `command` names the subcommand in messages.
std::unique_ptr<Machine> build_machine(const RunOptions& o,
                                       const std::vector<std::string>& program_and_args,
                                       const std::string& command);
// `pattern` as an ECMAScript regex for symbols; a bad one is a RunError naming
// "COMMAND: OPTION PATTERN".
std::regex symbol_regex(const std::string& pattern, const std::string& command,
                        const std::string& option);
// Prints the one-line report of a guest killed by a signal, and returns the status.
int finish_run(const Machine& m, const ExitStatus& s);

}  // namespace fvemu::cli
