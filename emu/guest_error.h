// Errors that stop fvemu from running a program at all, with the exit status the
// CLI reports for them (README "Exit status"), and the status numbers themselves.
#pragma once

#include <stdexcept>
#include <string>

namespace fvemu {

inline constexpr int kExitCannotRun = 125;    // usage, unreadable/malformed/unsupported ELF, internal
inline constexpr int kExitNotFound = 127;     // the program file does not exist
inline constexpr int kExitSignalBase = 128;   // guest killed by signal N -> 128 + N

// A one-line, user-facing reason why the program cannot be run, with what kind of
// reason it is (the Python module raises a different exception for each) and the
// exit status the CLI reports for it.
class RunError : public std::runtime_error {
 public:
  enum class Kind {
    kUsage,        // a bad option, argument or setting
    kProgram,      // the program file cannot be run: unreadable, malformed, dynamic
    kArch,         // a program for an arch fvemu does not run, or not the one asked for
    kNotFound,     // the program file does not exist
    kInternal,     // fvemu or Unicorn failed
  };
  RunError(Kind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  // Kept for the CLI's usage errors: kExitNotFound is kNotFound, anything else kUsage.
  RunError(int exit_status, const std::string& message)
      : RunError(exit_status == kExitNotFound ? Kind::kNotFound : Kind::kUsage, message) {}
  Kind kind() const { return kind_; }
  int exit_status() const { return kind_ == Kind::kNotFound ? kExitNotFound : kExitCannotRun; }

 private:
  Kind kind_;
};

// Name of a Linux signal number ("SIGSEGV"), or "signal N".
std::string signal_name(int signo);

}  // namespace fvemu
