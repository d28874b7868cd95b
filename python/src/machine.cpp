#include "machine.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"
#include "interrupt.h"

namespace fvemu::python {
namespace {

int memory_file(const char* name, const std::string& content = {}) {
  const int fd = ::memfd_create(name, MFD_CLOEXEC);
  if (fd < 0)
    throw RunError(RunError::Kind::kInternal, fmt::format("memfd_create: {}", std::strerror(errno)));
  if (!content.empty() && ::pwrite(fd, content.data(), content.size(), 0) < 0)
    throw RunError(RunError::Kind::kInternal, fmt::format("memfd write: {}", std::strerror(errno)));
  return fd;
}

std::string file_contents(int fd) {
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0) return {};
  std::string out(static_cast<size_t>(st.st_size), '\0');
  const ssize_t n = ::pread(fd, out.data(), out.size(), 0);
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

std::set<CallKind> parse_kinds(const std::vector<std::string>& names, const std::string& command) {
  std::set<CallKind> kinds;
  for (const std::string& name : names) {
    auto k = parse_call_kind(name);
    if (!k || *k == CallKind::kSyscall || *k == CallKind::kNone)
      throw RunError(RunError::Kind::kUsage,
                     fmt::format("{}: kinds: unknown kind '{}' (call, icall, ijmp, ret)", command,
                                 name));
    kinds.insert(*k);
  }
  return kinds;
}

std::optional<std::regex> parse_filter(const std::optional<std::string>& filter,
                                       const std::string& command) {
  if (!filter) return std::nullopt;
  return symbol_regex(*filter, command, "filter");
}

SessionOptions session_options(const MachineArgs& a, const int stdio[3]) {
  SessionOptions o;
  o.run.arch = a.arch.value_or("auto");
  if (a.env) o.run.env = *a.env;
  o.run.inherit_env = a.inherit_env;
  o.run.ro_dirs = a.ro;
  o.run.rw_dirs = a.rw;
  o.run.max_insns = a.max_insns.value_or(0);
  o.run.timeout = a.timeout.value_or(0);
  o.run.seed = a.seed.value_or(0);
  o.run.realtime = a.realtime;
  o.run.strace = a.strace;
  const int out = stdio[1] >= 0 ? stdio[1] : 1;
  // merge_stderr: the guest's fd 2 is its fd 1's file, so writes interleave as made.
  o.run.stdio = {stdio[0], out, a.merge_stderr ? out : stdio[2] >= 0 ? stdio[2] : 2};
  o.profile = a.profile.value_or("auto");
  o.require_profile = a.require_profile;
  o.trace = a.trace;
  if (a.kinds) o.record_kinds = parse_kinds(*a.kinds, a.command);
  o.record_symbols = parse_filter(a.filter, a.command);
  o.max_recorded = a.max_calls.value_or(0);
  return o;
}

}  // namespace

PyMachine::PyMachine(const MachineArgs& a) : args_(a) {
  if (a.timeout && *a.timeout < 0)
    throw RunError(RunError::Kind::kUsage, fmt::format("{}: timeout must be >= 0", a.command));
  stdio_[0] = a.stdin_bytes ? memory_file("fvemu-stdin", *a.stdin_bytes)
                            : ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (a.capture) {
    stdio_[1] = memory_file("fvemu-stdout");
    if (!a.merge_stderr) stdio_[2] = memory_file("fvemu-stderr");
  }
  std::vector<std::string> argv{a.path};
  argv.insert(argv.end(), a.args.begin(), a.args.end());
  session_ = std::make_unique<Session>(session_options(a, stdio_), argv, a.command);
}

PyMachine::~PyMachine() {
  session_.reset();  // the machine's copies first
  for (int fd : stdio_)
    if (fd >= 0) ::close(fd);
}

std::string PyMachine::arch() const { return std::string(session_->machine().arch().name()); }

std::optional<std::string> PyMachine::profile() const {
  const Profile* p = session_->profile();
  return p ? std::optional<std::string>(p->name) : std::nullopt;
}

py::object PyMachine::on_call(py::object fn, std::optional<std::vector<std::string>> kinds,
                              std::optional<std::string> filter) {
  if (session_->started())
    throw RunError(RunError::Kind::kUsage,
                   "on_call: add callbacks before the machine first runs or steps");
  if (!args_.trace)
    throw RunError(RunError::Kind::kUsage, "on_call: this machine was made with trace=False");
  std::set<CallKind> wanted = kinds ? parse_kinds(*kinds, "on_call")
                                    : std::set<CallKind>{CallKind::kIndirectCall,
                                                         CallKind::kIndirectJump};
  session_->on_call(std::move(wanted), parse_filter(filter, "on_call"),
                    [this, fn](const CallEvent& e, Symbolizer&) { call_python(fn, e); });
  return fn;
}

void PyMachine::call_python(const py::object& fn, const CallEvent& e) {
  if (callback_error_) return;  // the run is ending
  py::gil_scoped_acquire gil;
  try {
    fn(session_->record(e), py::cast(this, py::return_value_policy::reference));
  } catch (py::error_already_set& err) {
    callback_error_ = std::make_unique<py::error_already_set>(std::move(err));
    session_->machine().interrupt();
  }
}

std::optional<ExitStatus> PyMachine::run_until(uint64_t insns) {
  if (running_on_) throw RunError(RunError::Kind::kUsage, "the machine is already running");
  running_on_ = std::this_thread::get_id();
  std::optional<ExitStatus> status;
  {
    py::gil_scoped_release nogil;
    InterruptScope ctrl_c(session_->machine());
    try {
      status = session_->run_until(insns);
    } catch (...) {
      running_on_.reset();
      throw;
    }
  }
  running_on_.reset();
  if (callback_error_) {
    auto err = std::move(callback_error_);
    err->restore();
    throw py::error_already_set();
  }
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C: KeyboardInterrupt
  return status;
}

std::shared_ptr<PyResult> PyMachine::run() {
  if (!result_) result_ = make_result(*run_until(UINT64_MAX));
  return result_;
}

std::shared_ptr<PyResult> PyMachine::step(uint64_t insns) {
  if (result_) return result_;
  const uint64_t until = insns > UINT64_MAX - instructions() ? UINT64_MAX : instructions() + insns;
  if (auto status = run_until(until)) result_ = make_result(*status);
  return result_;
}

std::shared_ptr<PyResult> PyMachine::make_result(const ExitStatus& s) {
  const Machine& m = session_->machine();
  auto result = std::make_shared<PyResult>();
  PyResult& r = *result;
  r.path = args_.path;
  r.args = args_.args;
  r.arch = arch();
  r.profile = profile();
  if (r.profile) r.profile_reason = session_->profile_reason();
  r.instructions = m.instructions();
  r.exit_code = s.host_status();
  if (s.kind == ExitStatus::kKilled) {
    r.signal = s.code;
    r.kill_report = kill_report(m, s);
  }
  r.stdout_bytes = file_contents(stdio_[1]);
  r.stderr_bytes = file_contents(stdio_[2]);
  for (CallRecord& c : session_->take_calls()) r.calls.append(py::cast(std::move(c)));
  r.calls_dropped = session_->calls_dropped();
  if (const Checker* checker = session_->checker()) {
    r.violations = checker->violations();
    r.counts = checker->counts();
    r.check_status = check_status(s, r.violations.size(), s.host_status());
    r.summary = checker->summary_line();
  }
  return result;
}

void PyMachine::require_idle(const char* what) {
  if (running_on_ && *running_on_ != std::this_thread::get_id())
    throw RunError(RunError::Kind::kUsage,
                   fmt::format("{}: the machine is running in another thread", what));
}

int PyMachine::tid() {
  require_idle("tid");
  return session_->machine().current_tid();
}

uint64_t PyMachine::register_value(const std::string& name) {
  require_idle("register");
  Machine& m = session_->machine();
  const Arch& arch = m.arch();
  const int id = arch.register_id(name);
  if (id < 0)
    throw RunError(RunError::Kind::kUsage,
                   fmt::format("register: no register {} on {} (names as in Go assembly: {})",
                               name, arch.name(), arch.register_names()));
  uint64_t v = reg_read(m.uc(), id);
  if (arch.word_size() == 4) v &= 0xffffffff;
  return v;
}

py::bytes PyMachine::read_memory(uint64_t addr, size_t size) {
  require_idle("read_memory");
  std::string buf(size, '\0');
  if (!session_->machine().mem().read(addr, buf.data(), size))
    throw RunError(RunError::Kind::kUsage,
                   fmt::format("read_memory: {} bytes at {:#x} are not all mapped", size, addr));
  return py::bytes(buf);
}

uint64_t PyMachine::read_word(uint64_t addr) {
  require_idle("read_word");
  Machine& m = session_->machine();
  auto w = m.mem().read_word(addr, m.arch().word_size());
  if (!w)
    throw RunError(RunError::Kind::kUsage,
                   fmt::format("read_word: no word mapped at {:#x}", addr));
  return *w;
}

std::optional<std::string> PyMachine::symbol(uint64_t addr) {
  const std::string& s = session_->names().code(addr);
  if (!s.empty()) return s;
  const std::string& d = session_->names().data(addr);
  return d.empty() ? std::nullopt : std::optional<std::string>(d);
}

py::bytes PyMachine::captured(int fd) const { return py::bytes(file_contents(stdio_[fd])); }

}  // namespace fvemu::python
