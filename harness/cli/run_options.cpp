// The options and machine set-up shared by `fvemu run` and `fvemu trace`.
#include "harness/cli/run_options.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/elf/elf_image.h"
#include "emu/guest_error.h"

extern char** environ;

namespace fvemu::cli {
namespace {

// The guest's environment: only --env, or the host's with --inherit-env, in a stable
// order (later --env entries replace earlier ones and inherited ones).
std::vector<std::string> guest_environment(const RunOptions& o) {
  std::vector<std::string> out;
  std::map<std::string, size_t> index;
  auto set = [&](const std::string& kv) {
    const std::string key = kv.substr(0, kv.find('='));
    auto it = index.find(key);
    if (it != index.end()) {
      out[it->second] = kv;
    } else {
      index[key] = out.size();
      out.push_back(kv);
    }
  };
  if (o.inherit_env)
    for (char** e = environ; *e; e++) set(*e);
  for (const std::string& kv : o.env) {
    if (kv.find('=') == std::string::npos || kv.front() == '=')
      throw RunError(kExitCannotRun, fmt::format("--env {}: expected NAME=VALUE", kv));
    set(kv);
  }
  return out;
}

std::string describe_at(const Machine& m, uint64_t addr) {
  const std::string sym = m.describe(addr);
  return sym.empty() ? fmt::format("{:#x}", addr) : fmt::format("{:#x} ({})", addr, sym);
}

void report_killed(const Machine& m, const ExitStatus& s) {
  std::string line = fmt::format("fvemu: guest killed by {} at pc={}", signal_name(s.code),
                                 describe_at(m, s.pc));
  if (s.fault_address) line += fmt::format(", fault address {:#x}", *s.fault_address);
  if (s.code == SIGILL) line += ": " + m.disassemble(s.pc);  // what the CPU could not run
  if (!s.detail.empty()) line += ": " + s.detail;
  fmt::print(stderr, "{}\n", line);
}

}  // namespace

std::unique_ptr<Machine> build_machine(const RunOptions& o,
                                       const std::vector<std::string>& program_and_args,
                                       const std::string& command) {
  if (program_and_args.empty())
    throw RunError(kExitCannotRun,
                   fmt::format("{0}: missing PROGRAM (see 'fvemu {0} --help')", command));
  const std::string& program = program_and_args.front();
  if (program.size() > 1 && program[0] == '-')
    throw RunError(kExitCannotRun,
                   fmt::format("{0}: unknown option {1} (see 'fvemu {0} --help'; a program named "
                               "so: use ./{1})", command, program));
  ElfImage image = load_elf_file(program);
  if (o.arch != "auto" && image.arch->name() != o.arch)
    throw RunError(kExitCannotRun, fmt::format("{}: is a {} program, not {} (--arch)", program,
                                               image.arch->name(), o.arch));
  MachineConfig config;
  config.argv = program_and_args;
  config.env = guest_environment(o);
  config.ro_dirs = o.ro_dirs;
  config.rw_dirs = o.rw_dirs;
  config.max_insns = o.max_insns;
  config.timeout_seconds = o.timeout;
  config.seed = o.seed;
  config.realtime = o.realtime;
  config.strace = o.strace ? stderr : nullptr;
  if (o.stdout_file.empty()) return std::make_unique<Machine>(std::move(image), std::move(config));
  // The machine's file table copies fvemu's fd 1 for the guest's: make that the file
  // while it is built.
  const int file = ::open(o.stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (file < 0)
    throw RunError(kExitCannotRun, fmt::format("{}: --stdout {}: {}", command, o.stdout_file,
                                               std::strerror(errno)));
  const int saved = ::dup(STDOUT_FILENO);
  ::dup2(file, STDOUT_FILENO);
  ::close(file);
  auto m = std::make_unique<Machine>(std::move(image), std::move(config));
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  return m;
}

std::regex symbol_regex(const std::string& pattern, const std::string& command,
                        const std::string& option) {
  try {
    return std::regex(pattern, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& e) {
    throw RunError(kExitCannotRun, fmt::format("{}: {} {}: {}", command, option, pattern, e.what()));
  }
}

int finish_run(const Machine& m, const ExitStatus& s) {
  if (s.kind == ExitStatus::kKilled) report_killed(m, s);
  return s.host_status();
}


void add_run_options(CLI::App* cmd, RunOptions& o) {
  cmd->prefix_command();  // stop at PROGRAM: the rest, options included, is the guest's
  cmd->add_option("--arch", o.arch, "Expected arch of PROGRAM; auto = take it from the ELF")
      ->check(CLI::IsMember({"auto", "386", "amd64", "arm"}))
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
  cmd->add_flag("--strace", o.strace, "Print every syscall to stderr, strace-style");
  cmd->add_option("--seed", o.seed, "Seed for AT_RANDOM and getrandom")->capture_default_str();
  cmd->add_option("--stdout", o.stdout_file, "Write the guest's stdout to FILE");
  cmd->add_flag("--realtime", o.realtime,
                "Guest clocks and sleeps follow host time (default: a virtual clock of one "
                "nanosecond per instruction, so runs repeat exactly; this gives that up)");
}

}  // namespace fvemu::cli
