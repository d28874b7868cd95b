// The fvemu subcommands. Each registers its options on the app and returns the
// function that runs it once parsing succeeded; that function returns the exit status.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace fvemu::cli {

using Command = std::function<int()>;

Command add_run_command(CLI::App& app);
Command add_trace_command(CLI::App& app);
Command add_check_command(CLI::App& app);
Command add_matrix_command(CLI::App& app);
Command add_mutate_command(CLI::App& app);

// The exit-status contract, shared by every command's --help.
extern const char* const kExitStatusHelp;

}  // namespace fvemu::cli
