// Errors that stop fvemu from running a program at all, with the exit status the
// CLI reports for them (README "Exit status"), and the status numbers themselves.
#pragma once

#include <stdexcept>
#include <string>

namespace fvemu {

inline constexpr int kExitCannotRun = 125;    // usage, unreadable/malformed/unsupported ELF, internal
inline constexpr int kExitNotFound = 127;     // the program file does not exist
inline constexpr int kExitSignalBase = 128;   // guest killed by signal N -> 128 + N

// A one-line, user-facing reason why the program cannot be run.
class RunError : public std::runtime_error {
 public:
  RunError(int exit_status, const std::string& message)
      : std::runtime_error(message), exit_status_(exit_status) {}
  int exit_status() const { return exit_status_; }

 private:
  int exit_status_;
};

// Name of a Linux signal number ("SIGSEGV"), or "signal N".
std::string signal_name(int signo);

}  // namespace fvemu
