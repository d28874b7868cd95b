// fvemu: the command line. A thin front over the emu/ (and later harness/) C++ API.
#include <csignal>
#include <cstdio>
#include <exception>

#include <capstone/capstone.h>
#include <fmt/format.h>
#include <unicorn/unicorn.h>

#include "emu/guest_error.h"
#include "harness/cli/commands.h"

namespace fvemu::cli {

const char* const kExitStatusHelp =
    "Exit status:\n"
    "  N        the guest's own exit status\n"
    "  128+N    the guest was killed by signal N (e.g. 139 = SIGSEGV); a one-line report\n"
    "           on stderr says where\n"
    "  152      the guest ran past --max-insns or --timeout (killed by SIGXCPU)\n"
    "  153      the guest wrote past --max-output (killed by SIGXFSZ)\n"
    "  130/143/129  fvemu got SIGINT/SIGTERM/SIGHUP: the guest is killed with it, and\n"
    "           traces and reports are finished first\n"
    "  125      fvemu could not run the program: usage error, unreadable, malformed or\n"
    "           unsupported ELF, internal error\n"
    "  127      the program file does not exist\n";

// The engines fvemu was built with (linked in statically: these are the ones it runs).
std::string version() {
  int cs_major = 0, cs_minor = 0;
  cs_version(&cs_major, &cs_minor);
  return fmt::format("fvemu (Unicorn {}.{}.{}, Capstone {}.{})", UC_API_MAJOR, UC_API_MINOR,
                     UC_API_PATCH, cs_major, cs_minor);
}

}  // namespace fvemu::cli

int main(int argc, char** argv) {
  using namespace fvemu;
  // A guest writing to a closed pipe gets EPIPE (and its own SIGPIPE); fvemu must not die.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"fvemu: run Linux programs for 386, amd64 and arm under Unicorn, and check\n"
               "how they call func values."};
  app.set_version_flag("--version", cli::version(), "Print the version and the engines' versions");
  app.require_subcommand(1);
  app.allow_extras(false);
  app.footer(cli::kExitStatusHelp);
  cli::Command run = cli::add_run_command(app);
  cli::Command trace = cli::add_trace_command(app);
  cli::Command check = cli::add_check_command(app);
  cli::Command matrix = cli::add_matrix_command(app);
  cli::Command mutate = cli::add_mutate_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 says "A subcommand is required" for an unknown command word too: name it.
    const std::string what = argc > 1 && argv[1][0] != '-' && !app.got_subcommand("run") &&
                                     !app.got_subcommand("trace") && !app.got_subcommand("check") &&
                                     !app.got_subcommand("matrix") && !app.got_subcommand("mutate")
                                 ? fmt::format("unknown command '{}'", argv[1])
                                 : e.what();
    fmt::print(stderr, "fvemu: {}\nRun 'fvemu --help' or 'fvemu COMMAND --help' for usage.\n",
               what);
    return kExitCannotRun;
  }
  try {
    if (app.got_subcommand("run")) return run();
    if (app.got_subcommand("trace")) return trace();
    if (app.got_subcommand("check")) return check();
    if (app.got_subcommand("matrix")) return matrix();
    if (app.got_subcommand("mutate")) return mutate();
    return kExitCannotRun;
  } catch (const RunError& e) {
    fmt::print(stderr, "fvemu: {}\n", e.what());
    return e.exit_status();
  } catch (const std::exception& e) {
    fmt::print(stderr, "fvemu: internal error: {}\n", e.what());
    return kExitCannotRun;
  }
}
