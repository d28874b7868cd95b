#include "fuzz/guest_runner.h"

#include <fcntl.h>

#include <cstdlib>

#include "emu/guest_error.h"
#include "emu/machine.h"

namespace fvemu::fuzz {
namespace {

// A fuzz input runs a few thousand instructions at most; these only stop the ones
// that loop (fuzzed code jumping back, a signal handler re-entered forever).
constexpr uint64_t kMaxInstructions = 20000;
constexpr double kTimeoutSeconds = 2;
// Far below the fuzzer's -rss_limit_mb, so that a guest mapping all it may stays a
// fine outcome (ENOMEM) instead of taking the fuzzer down.
constexpr uint64_t kMaxMemory = uint64_t{256} << 20;

int dev_null() {
  static const int fd = [] {
    const int fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0) std::abort();
    return fd;
  }();
  return fd;
}

}  // namespace

void run_guest(ElfImage image, const std::string& executable) {
  MachineConfig config;
  config.argv = {executable};
  config.env = {"FUZZ=1"};
  config.max_insns = kMaxInstructions;
  config.timeout_seconds = kTimeoutSeconds;
  config.max_memory = kMaxMemory;
  config.stdio = {dev_null(), dev_null(), dev_null()};
  config.diagnostics = nullptr;  // unsupported syscalls are an expected outcome, not news
  try {
    Machine machine(std::move(image), std::move(config));
    machine.run();
  } catch (const RunError& e) {
    // fvemu failing itself (or Unicorn failing it) is a finding, not an outcome.
    if (e.kind() == RunError::Kind::kInternal) throw;
  }
}

}  // namespace fvemu::fuzz
