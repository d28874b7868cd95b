// The Python module's Machine: a harness Session (harness/session.h) with the guest's
// stdio captured in memory files, Python callbacks on call events, and the GIL
// released while the guest runs. run() and check() in the package are built on it.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/session.h"

namespace fvemu::python {

namespace py = pybind11;

// How a run ended, what it printed, and what the tracer and checker saw.
struct PyResult {
  std::string path;
  std::vector<std::string> args;
  std::string arch;
  std::optional<std::string> profile;
  std::optional<std::string> profile_reason;  // why that profile (ProfileChoice::reason)
  uint64_t instructions = 0;
  int exit_code = 0;  // as `fvemu run` exits: the guest's status, or 128+N if killed by N
  std::optional<int> signal;
  std::optional<std::string> kill_report;
  std::string stdout_bytes, stderr_bytes;
  py::list calls;
  uint64_t calls_dropped = 0;  // recorded calls past max_calls
  std::vector<Violation> violations;
  std::optional<CheckCounts> counts;  // when checked
  std::optional<int> check_status;    // as `fvemu check` exits, when checked
  std::optional<std::string> summary;
};

// Calls kept in Result.calls unless said otherwise: each costs about 0.7 KB.
inline constexpr uint64_t kDefaultMaxCalls = 100'000;

struct MachineArgs {
  std::string path;
  std::vector<std::string> args;
  std::optional<std::vector<std::string>> env;  // NAME=VALUE
  std::optional<std::string> arch, profile;
  bool trace = true;
  std::vector<std::string> ro, rw;
  std::optional<uint64_t> max_insns, seed;
  std::optional<double> timeout;
  std::optional<std::vector<std::string>> kinds;
  std::optional<std::string> filter;
  std::optional<std::string> stdin_bytes;
  std::optional<uint64_t> max_calls = kDefaultMaxCalls;
  bool capture = true, realtime = false, strace = false, inherit_env = false;
  bool merge_stderr = false;  // stderr into stdout's capture, in order, as 2>&1
  std::string command = "run";  // names the front in error messages
  bool require_profile = false;
};

class PyMachine {
 public:
  explicit PyMachine(const MachineArgs& a);
  ~PyMachine();

  // Registers fn(event, machine) for calls of `kinds` matching `filter`; returns fn.
  py::object on_call(py::object fn, std::optional<std::vector<std::string>> kinds,
                     std::optional<std::string> filter);
  std::shared_ptr<PyResult> run();
  std::shared_ptr<PyResult> step(uint64_t insns);  // null while not finished
  std::shared_ptr<PyResult> result() const { return result_; }

  uint64_t instructions() const { return session_->machine().instructions(); }
  std::string arch() const;
  std::optional<std::string> profile() const;
  bool finished() const { return session_->machine().final_status().has_value(); }
  int tid();
  uint64_t register_value(const std::string& name);
  py::bytes read_memory(uint64_t addr, size_t size);
  uint64_t read_word(uint64_t addr);
  std::optional<std::string> symbol(uint64_t addr);
  py::bytes captured(int fd) const;  // what the guest wrote to fd 1 or 2 so far

 private:
  void call_python(const py::object& fn, const CallEvent& e);
  // Runs to `insns` instructions with the GIL released and Ctrl-C armed; the
  // exception a callback raised, or Ctrl-C's KeyboardInterrupt, is raised here.
  std::optional<ExitStatus> run_until(uint64_t insns);
  std::shared_ptr<PyResult> make_result(const ExitStatus& s);
  // Machine state may be read from the thread that runs it (callbacks) or when idle.
  void require_idle(const char* what);

  MachineArgs args_;
  // Host fds handed to the guest, ours to close; -1: none (fd 1's with merge_stderr).
  int stdio_[3] = {-1, -1, -1};
  std::unique_ptr<Session> session_;
  std::unique_ptr<py::error_already_set> callback_error_;
  std::optional<std::thread::id> running_on_;
  std::shared_ptr<PyResult> result_;  // one object, however often asked for
};

}  // namespace fvemu::python
