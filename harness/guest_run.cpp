// Building a guest's machine from the run options, as every front does.
#include "harness/guest_run.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/elf/elf_image.h"
#include "emu/guest_error.h"

extern char** environ;

namespace fvemu {
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

// Closes a host fd when the machine has its own copy.
struct FdCloser {
  int fd = -1;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

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
    throw RunError(RunError::Kind::kArch,
                   fmt::format("{}: is for {}, not {} (--arch)", program,
                               image.arch->name(), o.arch));
  MachineConfig config;
  config.argv = program_and_args;
  if (!o.argv0.empty()) config.argv[0] = o.argv0;
  config.env = guest_environment(o);
  config.ro_dirs = o.ro_dirs;
  config.rw_dirs = o.rw_dirs;
  config.max_insns = o.max_insns;
  config.timeout_seconds = o.timeout;
  config.max_memory = o.max_memory;
  config.max_threads = o.max_threads;
  config.max_files = o.max_files;
  config.max_output = o.max_output;
  config.seed = o.seed;
  config.realtime = o.realtime;
  config.floor = o.floor;
  config.strace = o.strace ? stderr : nullptr;
  config.stdio = o.stdio;
  FdCloser stdout_file;
  if (!o.stdout_file.empty()) {
    stdout_file.fd = ::open(o.stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (stdout_file.fd < 0)
      throw RunError(kExitCannotRun, fmt::format("{}: --stdout {}: {}", command, o.stdout_file,
                                                 std::strerror(errno)));
    config.stdio[1] = stdout_file.fd;
  }
  return std::make_unique<Machine>(std::move(image), std::move(config));
}

std::string kill_report(const Machine& m, const ExitStatus& s) {
  std::string line =
      fmt::format("guest killed by {} at pc={}", signal_name(s.code), describe_at(m, s.pc));
  if (s.fault_address) line += fmt::format(", fault address {:#x}", *s.fault_address);
  if (s.code == SIGILL) line += ": " + m.disassemble(s.pc);  // what the CPU could not run
  if (!s.detail.empty()) line += ": " + s.detail;
  return line;
}

}  // namespace fvemu
