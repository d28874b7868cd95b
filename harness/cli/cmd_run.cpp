// `fvemu run`: run one program under the emulator, as if on Linux for its arch.
#include <memory>

#include "harness/cli/commands.h"
#include "harness/cli/run_options.h"
#include "harness/cli/stop_signals.h"

namespace fvemu::cli {

Command add_run_command(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd = add_program_command(
      app, "run", "Run a static Linux program (386, amd64 or arm) under the emulator.", *opts,
      "  (everything from PROGRAM on is\nthe guest's command line)");
  cmd->add_flag("--floor", opts->floor,
                "Benchmark mode (the floor column of bench/run.py): run on bare Unicorn, with no block hook "
                "and so no instruction count: host clocks (as --realtime), threads switch only "
                "when they block or yield, no TLB upkeep; not with --max-insns")
      ->excludes("--max-insns");
  cmd->footer(std::string("\nThe guest may open only files under --ro/--rw directories and its own "
                          "executable.\n\n") + kExitStatusHelp);
  return [opts, cmd] {
    std::unique_ptr<Machine> m = build_machine(*opts, cmd->remaining(), "run");
    StopOnSignals stop(*m);
    return finish_run(*m, m->run());
  };
}

}  // namespace fvemu::cli
