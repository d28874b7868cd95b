#include "emu/guest_error.h"

#include <csignal>

#include <fmt/format.h>

namespace fvemu {

std::string signal_name(int signo) {
  // Linux numbering (the same on x86 and ARM for these).
  static const char* const names[] = {
      nullptr,   "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT",
      "SIGBUS",  "SIGFPE",  "SIGKILL",   "SIGUSR1", "SIGSEGV",   "SIGUSR2", "SIGPIPE",
      "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",
      "SIGTTIN", "SIGTTOU", "SIGURG",    "SIGXCPU", "SIGXFSZ",   "SIGVTALRM", "SIGPROF",
      "SIGWINCH", "SIGIO",  "SIGPWR",    "SIGSYS"};
  if (signo > 0 && signo < static_cast<int>(sizeof names / sizeof names[0])) return names[signo];
  return fmt::format("signal {}", signo);
}

}  // namespace fvemu
