// The run options on the command line, shared by `fvemu run`, `trace` and `check`.
#include "harness/cli/run_options.h"

#include <cstdio>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"

namespace fvemu::cli {

int finish_run(const Machine& m, const ExitStatus& s) {
  if (s.kind == ExitStatus::kKilled) fmt::print(stderr, "fvemu: {}\n", kill_report(m, s));
  return s.host_status();
}

// auto, then the name of every arch fvemu emulates.
static std::vector<std::string> arch_choices() {
  std::vector<std::string> names = {"auto"};
  for (const Arch* a : all_arches()) names.emplace_back(a->name());
  return names;
}

CLI::App* add_program_command(CLI::App& app, const std::string& name, const std::string& what,
                              RunOptions& o, const std::string& usage_note) {
  CLI::App* cmd = app.add_subcommand(
      name, what + "\nUsage: fvemu " + name + " [OPTIONS] PROGRAM [ARGS...]" + usage_note);
  add_run_options(cmd, o);
  return cmd;
}

void add_run_options(CLI::App* cmd, RunOptions& o) {
  cmd->prefix_command();  // stop at PROGRAM: the rest, options included, is the guest's
  cmd->add_option("--arch", o.arch, "Expected arch of PROGRAM; auto = take it from the ELF")
      ->check(CLI::IsMember(arch_choices()))
      ->capture_default_str();
  // Repeatable options take one value each, so that PROGRAM is never swallowed.
  auto repeatable = [](CLI::Option* o) {
    o->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  };
  repeatable(cmd->add_option("--env", o.env,
                             "Set NAME=VALUE in the guest's environment (repeatable); without "
                             "--inherit-env this is all it gets"));
  cmd->add_flag("--inherit-env", o.inherit_env, "Start from fvemu's own environment");
  repeatable(cmd->add_option("--ro", o.ro_dirs, "Let the guest read files under DIR (repeatable)"));
  repeatable(cmd->add_option("--rw", o.rw_dirs,
                             "Let the guest read and write files under DIR (repeatable)"));
  cmd->add_option("--max-insns", o.max_insns,
                  "Kill the guest with SIGXCPU after N instructions (0 = no limit)");
  cmd->add_option("--timeout", o.timeout,
                  "Kill the guest with SIGXCPU after SECONDS of host time (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  // Sizes take K, M, G suffixes (powers of 1024): 512M, 4G.
  cmd->add_option("--max-memory", o.max_memory,
                  "Guest memory the emulator may back, in bytes; past it mmap, brk and mprotect "
                  "fail with ENOMEM (0 = no limit)")
      ->transform(CLI::AsSizeValue(false))
      ->default_str("4G");
  cmd->add_option("--max-threads", o.max_threads,
                  "Guest threads alive at once; past it clone fails with EAGAIN")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-files", o.max_files,
                  "Open guest file descriptors (RLIMIT_NOFILE); past it opens fail with EMFILE")
      ->check(CLI::Range(3u, 1u << 20))
      ->capture_default_str();
  cmd->add_option("--max-output", o.max_output,
                  "Bytes the guest may write (stdout, stderr, files, pipes); past it the guest is "
                  "killed with SIGXFSZ (0 = no limit)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  cmd->add_flag("--strace", o.strace, "Print every syscall to stderr, strace-style");
  cmd->add_option("--seed", o.seed, "Seed for AT_RANDOM and getrandom")->capture_default_str();
  cmd->add_option("--stdout", o.stdout_file, "Write the guest's stdout to FILE");
  cmd->add_flag("--realtime", o.realtime,
                "Guest clocks and sleeps follow host time (default: a virtual clock of one "
                "nanosecond per instruction, so runs repeat exactly; this gives that up)");
}

}  // namespace fvemu::cli
