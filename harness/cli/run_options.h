// What every command that runs a guest shares (`fvemu run`, `trace`, `check`): the
// run options on the command line, and the report of a killed guest.
#pragma once

#include <CLI/CLI.hpp>

#include "emu/machine.h"
#include "harness/guest_run.h"

namespace fvemu::cli {

// Registers the run options on `cmd`, which then takes PROGRAM [ARGS...] as the rest.
void add_run_options(CLI::App* cmd, RunOptions& o);

// A subcommand that runs PROGRAM [ARGS...] (run, trace, check): `what` it does, then its
// usage line (with `usage_note` after it), and the run options.
CLI::App* add_program_command(CLI::App& app, const std::string& name, const std::string& what,
                              RunOptions& o, const std::string& usage_note = "");
// Prints the one-line report of a guest killed by a signal, and returns the status.
int finish_run(const Machine& m, const ExitStatus& s);

}  // namespace fvemu::cli
