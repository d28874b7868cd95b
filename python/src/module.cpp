// fvemu._fvemu: the pybind11 layer over the harness's C++ API (harness/session.h). The
// package (python/fvemu/__init__.py) re-exports it with run() and check() on top.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "emu/guest_error.h"
#include "emu/arch/arch.h"
#include "harness/check/replay.h"
#include "harness/matrix/built_in.h"
#include "harness/mutate/mutate.h"
#include "harness/profile/profile.h"
#include "machine.h"
#include "harness/hex.h"

namespace py = pybind11;
using namespace fvemu;
using namespace fvemu::python;

namespace {

const char* error_class(RunError::Kind kind) {
  switch (kind) {
    case RunError::Kind::kUsage: return "UsageError";
    case RunError::Kind::kProgram: return "ProgramError";
    case RunError::Kind::kArch: return "ArchError";
    case RunError::Kind::kNotFound: return "ProgramNotFoundError";
    case RunError::Kind::kInternal: return "InternalError";
  }
  return "Error";
}

// RunError -> the fvemu.errors class of its kind, with the CLI's message and status.
void translate_run_error(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const RunError& e) {
    py::object cls = py::module_::import("fvemu.errors").attr(error_class(e.kind()));
    py::object exc = cls(e.what(), e.exit_status());
    PyErr_SetObject(cls.ptr(), exc.ptr());
  }
}

py::object none_if_empty(const std::string& s) {
  return s.empty() ? py::object(py::none()) : py::object(py::str(s));
}

template <typename T>
py::object optional_int(const std::optional<T>& v) {
  return v ? py::object(py::int_(*v)) : py::object(py::none());
}


// Machine(...): Python's arguments, as MachineArgs.
std::unique_ptr<PyMachine> new_machine(
    const std::filesystem::path& path, std::vector<std::string> args,
    std::optional<std::map<std::string, std::string>> env, std::optional<std::string> arch,
    std::optional<std::string> profile, bool trace, std::vector<std::filesystem::path> ro,
    std::vector<std::filesystem::path> rw, std::optional<uint64_t> max_insns,
    std::optional<double> timeout, std::optional<uint64_t> seed,
    std::optional<std::vector<std::string>> kinds, std::optional<std::string> filter,
    std::optional<py::bytes> stdin_bytes, std::optional<uint64_t> max_calls, bool capture,
    bool merge_stderr, bool realtime, bool strace, bool inherit_env, bool require_profile) {
  MachineArgs a;
  a.path = path.string();
  a.args = std::move(args);
  if (env) {
    a.env.emplace();
    for (const auto& [k, v] : *env) a.env->push_back(k + "=" + v);
  }
  a.arch = std::move(arch);
  a.profile = std::move(profile);
  a.trace = trace;
  for (const auto& d : ro) a.ro.push_back(d.string());
  for (const auto& d : rw) a.rw.push_back(d.string());
  a.max_insns = max_insns;
  a.timeout = timeout;
  a.seed = seed;
  a.kinds = std::move(kinds);
  a.filter = std::move(filter);
  if (stdin_bytes) a.stdin_bytes = std::string(*stdin_bytes);
  a.max_calls = max_calls;
  a.capture = capture;
  a.merge_stderr = merge_stderr;
  a.realtime = realtime;
  a.strace = strace;
  a.inherit_env = inherit_env;
  a.require_profile = require_profile;
  a.command = require_profile ? "check" : "run";
  return std::make_unique<PyMachine>(a);
}

void bind_profile(py::module_& m) {
  py::class_<Profile>(m, "Profile", "An ABI profile: which register carries the func value on "
                                    "each arch, and which rules hold.")
      .def_property_readonly("name", [](const Profile& p) { return std::string(p.name); })
      .def_property_readonly("description",
                             [](const Profile& p) { return std::string(p.description); })
      .def_property_readonly("era", [](const Profile& p) { return std::string(p.era); },
                             "The golang/go commits whose compilers emit this shape.")
      .def_property_readonly(
          "context_registers",
          [](const Profile& p) {
            std::map<std::string, std::string> regs;
            for (const Arch* arch : all_arches())
              regs[std::string(arch->name())] = std::string(p.context_register(*arch));
            return regs;
          },
          "The context (or func value) register per arch, named the Go assembler's way.")
      .def_property_readonly(
          "rules",
          [](const Profile& p) {
            std::vector<std::string> rules;
            if (p.entry_rule) rules.push_back("entry");
            if (p.site_rule) rules.push_back("site");
            if (p.step1_rule) rules.push_back("step1");
            if (p.target_rule) rules.push_back("target");
            return rules;
          },
          "The rules the checker applies (docs/rules.md 'Rules').")
      .def("__repr__", [](const Profile& p) { return fmt::format("<Profile {}>", p.name); });
  m.def(
      "profiles",
      [] {
        std::vector<const Profile*> out;
        for (const Profile& p : profiles()) out.push_back(&p);
        return out;
      },
      py::return_value_policy::reference, "The ABI profiles fvemu knows, go first.");
}

// The file and line of a site, or None.
py::object file_of(const std::optional<SourceLines::Location>& where) {
  return where ? py::object(py::str(where->file)) : py::object(py::none());
}
py::object line_of(const std::optional<SourceLines::Location>& where) {
  return where ? py::object(py::int_(where->line)) : py::object(py::none());
}

void bind_call_event(py::module_& m) {
  using Record = CallRecord;
  py::class_<Record>(m, "CallEvent",
                     "One executed control transfer, with the registers at the callee's entry.")
      .def_readonly("tid", &Record::tid, "The guest thread id.")
      .def_readonly("seq", &Record::seq, "1, 2, ... in execution order over all threads.")
      .def_property_readonly(
          "kind", [](const Record& e) { return std::string(call_kind_name(e.kind)); },
          "'call', 'icall', 'ijmp' or 'ret'.")
      .def_readonly("site", &Record::site, "Address of the transfer instruction.")
      .def_property_readonly("site_symbol",
                             [](const Record& e) { return none_if_empty(e.site_symbol); },
                             "'main.apply+0x1c', or None.")
      .def_readonly("target", &Record::target, "Where control went.")
      .def_property_readonly("callee_symbol",
                             [](const Record& e) { return none_if_empty(e.callee_symbol); },
                             "'main.main.func1', or None.")
      .def_readonly("sp", &Record::sp)
      .def_readonly("ctx", &Record::ctx, "The profile's context register at the callee's entry.")
      .def_property_readonly("ctx_symbol",
                             [](const Record& e) { return none_if_empty(e.ctx_symbol); },
                             "The data symbol ctx points into (a static func value), or None.")
      .def_property_readonly("word0", [](const Record& e) { return optional_int(e.word0); },
                             "The word ctx points at, or None when unmapped.")
      .def_property_readonly("source", [](const Record& e) { return none_if_empty(e.source); },
                             "How an indirect target was computed: 'CX <- [DX+0]', '[AX+0x18]'; "
                             "None for direct calls and returns.")
      .def_property_readonly("file", [](const Record& e) { return file_of(e.where); },
                             "Source file of the site (DWARF), or None.")
      .def_property_readonly("line", [](const Record& e) { return line_of(e.where); },
                             "Source line of the site, or None.")
      .def_readonly("through_func_value", &Record::through_func_value,
                    "Whether ctx held a func value whose word 0 is the callee: a closure call "
                    "as the ABI makes it.")
      .def("__repr__", [](const Record& e) {
        return fmt::format("<CallEvent #{} {} {} -> {} ctx={} word0={}>", e.seq,
                           call_kind_name(e.kind),
                           e.site_symbol.empty() ? hex(e.site) : e.site_symbol,
                           e.callee_symbol.empty() ? hex(e.target) : e.callee_symbol, hex(e.ctx),
                           e.word0 ? hex(*e.word0) : "None");
      });
}

void bind_violation(py::module_& m) {
  py::class_<Violation>(m, "Violation", "A call that broke a rule of the profile.")
      .def_readonly("rule", &Violation::rule, "'entry', 'site' or 'step1'.")
      .def_readonly("arch", &Violation::arch)
      .def_readonly("site", &Violation::site)
      .def_readonly("target", &Violation::target)
      .def_property_readonly("site_symbol",
                             [](const Violation& v) { return none_if_empty(v.site_symbol); })
      .def_property_readonly("callee_symbol",
                             [](const Violation& v) { return none_if_empty(v.callee_symbol); })
      .def_property_readonly("file", [](const Violation& v) { return file_of(v.where); })
      .def_property_readonly("line", [](const Violation& v) { return line_of(v.where); })
      .def_readonly("what", &Violation::what, "One sentence: what was wrong.")
      .def_readonly("times", &Violation::times, "How often this (rule, site, callee) happened.")
      .def_property_readonly(
          "evidence",
          [](const Violation& v) {
            py::dict d;
            d["register"] = v.reg;
            d["value"] = v.reg_value;
            d["word0"] = optional_int(v.word0);
            d["source"] = none_if_empty(v.source);
            d["listing"] = v.listing;
            return d;
          },
          "The register the rule is about, its value, the word it points at, how the "
          "target was computed, and the instructions of the site's block.")
      .def("__str__", &Violation::text, "The report, as `fvemu check` prints it.")
      .def("__repr__", [](const Violation& v) {
        return fmt::format("<Violation {} {} at {} -> {}>", v.arch, v.rule,
                           v.site_symbol.empty() ? hex(v.site) : v.site_symbol,
                           v.callee_symbol.empty() ? hex(v.target) : v.callee_symbol);
      });
}

void bind_result(py::module_& m) {
  py::class_<PyResult, std::shared_ptr<PyResult>>(m, "Result", "How a run ended, what the guest printed, and what the "
                                    "tracer and checker saw.")
      .def_readonly("path", &PyResult::path)
      .def_readonly("args", &PyResult::args)
      .def_readonly("arch", &PyResult::arch)
      .def_readonly("profile", &PyResult::profile, "The profile checked, or None.")
      .def_readonly("profile_reason", &PyResult::profile_reason,
                    "Why that profile: named, or what in the binary told its era; None when "
                    "unchecked.")
      .def_readonly("instructions", &PyResult::instructions, "Guest instructions executed.")
      .def_readonly("exit_code", &PyResult::exit_code,
                    "As `fvemu run` exits: the guest's status, or 128+N when signal N killed it.")
      .def_readonly("signal", &PyResult::signal, "The signal that killed the guest, or None.")
      .def_readonly("kill_report", &PyResult::kill_report,
                    "The CLI's one-line report of where the guest was killed, or None.")
      .def_property_readonly("stdout", [](const PyResult& r) { return py::bytes(r.stdout_bytes); })
      .def_property_readonly("stderr", [](const PyResult& r) { return py::bytes(r.stderr_bytes); })
      .def_readonly("calls", &PyResult::calls, "The recorded CallEvents, in order.")
      .def_readonly("calls_dropped", &PyResult::calls_dropped,
                    "Calls that would have been recorded past max_calls.")
      .def_readonly("violations", &PyResult::violations)
      .def_property_readonly(
          "counts",
          [](const PyResult& r) -> py::object {
            if (!r.counts) return py::none();
            py::dict d;
            d["events"] = r.counts->events;
            d["sites"] = r.counts->sites;
            d["funcvalue_checked"] = r.counts->funcvalue_checked;
            d["runtime_asm"] = r.counts->runtime_asm;
            d["itab"] = r.counts->itab;
            d["jump_tables"] = r.counts->jump_tables;
            d["c_code"] = r.counts->c_code;
            d["generated_code"] = r.counts->generated_code;
            d["violations"] = r.counts->violations;
            return d;
          },
          "What the checker saw, as `fvemu check --json` counts it; None when unchecked.")
      .def_readonly("check_status", &PyResult::check_status,
                    "As `fvemu check` exits (0, 10 for violations, else the run's status); "
                    "None when unchecked.")
      .def_readonly("summary", &PyResult::summary, "The checker's summary line, or None.")
      .def_property_readonly(
          "ok", [](const PyResult& r) { return r.exit_code == 0 && r.violations.empty(); },
          "The guest exited 0 and no call broke a rule.")
      .def("__repr__", [](const PyResult& r) {
        return fmt::format("<Result {} {} exit_code={} calls={} violations={}>", r.path, r.arch,
                           r.exit_code, py::len(r.calls), r.violations.size());
      });
}

void bind_machine(py::module_& m) {
  py::class_<PyMachine>(m, "Machine", R"(A guest program loaded and ready to run, for finer control than run().

Add callbacks with on_call() before it first runs; run() runs it to the end, step()
runs it a number of instructions at a time. Registers and memory can be read between
steps and inside callbacks.)")
      .def(py::init(&new_machine),
           py::arg("path"), py::arg("args") = std::vector<std::string>{},
           py::arg("env") = py::none(), py::arg("arch") = py::none(),
           py::arg("profile") = py::none(), py::arg("trace") = true,
           py::arg("ro") = std::vector<std::filesystem::path>{},
           py::arg("rw") = std::vector<std::filesystem::path>{}, py::arg("max_insns") = py::none(),
           py::arg("timeout") = py::none(), py::arg("seed") = py::none(), py::kw_only(),
           py::arg("kinds") = py::none(), py::arg("filter") = py::none(),
           py::arg("stdin") = py::none(), py::arg("max_calls") = kDefaultMaxCalls,
           py::arg("capture") = true, py::arg("merge_stderr") = false,
           py::arg("realtime") = false,
           py::arg("strace") = false, py::arg("inherit_env") = false,
           py::arg("require_profile") = false)
      .def("on_call", &PyMachine::on_call, py::arg("fn"), py::arg("kinds") = py::none(),
           py::arg("filter") = py::none(),
           "Calls fn(event, machine) for each call of `kinds` (default icall, ijmp) whose site "
           "or callee symbol matches the regex `filter`. Returns fn (a decorator).")
      .def("run", &PyMachine::run, "Runs the guest to its end; returns the Result.")
      .def("step", &PyMachine::step, py::arg("insns"),
           "Runs at least `insns` more instructions (to the next block boundary), then "
           "pauses; returns the Result when the guest ended, else None.")
      .def_property_readonly("result", &PyMachine::result, "The Result once the guest ended.")
      .def_property_readonly("finished", &PyMachine::finished)
      .def_property_readonly("instructions", &PyMachine::instructions)
      .def_property_readonly("arch", &PyMachine::arch)
      .def_property_readonly("profile", &PyMachine::profile,
                             "The profile checked (named, or the program's own), or None.")
      .def_property_readonly("tid", &PyMachine::tid, "The thread on the CPU.")
      .def("register", &PyMachine::register_value, py::arg("name"),
           "The current thread's register, named the Go assembler's way: 'DX', 'R7', 'PC'.")
      .def("read_memory", &PyMachine::read_memory, py::arg("addr"), py::arg("size"))
      .def("read_word", &PyMachine::read_word, py::arg("addr"),
           "The guest word (4 or 8 bytes, little-endian) at addr.")
      .def("symbol", &PyMachine::symbol, py::arg("addr"),
           "'main.main+0x10' (code) or a data symbol for a guest address, or None.")
      .def_property_readonly("stdout", [](const PyMachine& m) { return m.captured(1); },
                             "What the guest wrote to stdout so far.")
      .def_property_readonly("stderr", [](const PyMachine& m) { return m.captured(2); },
                             "What the guest wrote to stderr so far.");
}

// replay(): `fvemu check --replay` as a Result (no guest output, no calls: nothing ran).
std::shared_ptr<PyResult> replay(const std::filesystem::path& trace, const std::filesystem::path& program,
                                 std::optional<std::string> profile) {
  const ReplayResult rr = replay_check(trace.string(), program.string(), profile.value_or("auto"));
  auto result = std::make_shared<PyResult>();
  PyResult& r = *result;
  r.path = program.string();
  r.arch = rr.report.arch;
  r.profile = rr.report.profile;
  r.profile_reason = rr.report.profile_reason;
  r.instructions = rr.instructions;
  r.exit_code = rr.report.status.host_status();
  if (rr.report.status.kind == ExitStatus::kKilled) {
    r.signal = rr.report.status.code;
    r.kill_report = rr.kill_report;
  }
  r.violations = rr.report.violations;
  r.counts = rr.report.counts;
  r.check_status = check_status(rr.report.status, r.violations.size(), r.exit_code);
  r.summary = rr.summary_line;
  return result;
}

// `fvemu mutate`'s report as JSON text (fvemu.mutate() parses it).
std::string mutate(const std::string& path, const std::vector<std::string>& args,
                   const std::optional<std::vector<std::string>>& env, const std::optional<std::string>& profile,
                   const std::vector<std::string>& operators, const std::optional<std::string>& sites,
                   unsigned jobs, const std::vector<std::string>& ro, const std::vector<std::string>& rw,
                   uint64_t seed) {
  MutateOptions o;
  if (env) o.run.env = *env;
  o.run.ro_dirs = ro;
  o.run.rw_dirs = rw;
  o.run.seed = seed;
  o.profile = profile.value_or("auto");
  for (const std::string& op : operators) {
    bool known = false;
    for (const MutationOperator& k : mutation_operators()) known |= k.name == op;
    if (!known)
      throw RunError(RunError::Kind::kUsage, fmt::format("mutate: unknown operator '{}' (operators: {})",
                                                         op, mutation_operator_names()));
  }
  o.operators = operators;
  if (sites) {
    o.sites = symbol_regex(*sites, "mutate", "sites");
    o.sites_pattern = *sites;
  }
  o.jobs = std::max(1u, jobs);
  std::vector<std::string> argv{path};
  argv.insert(argv.end(), args.begin(), args.end());
  py::gil_scoped_release nogil;
  return mutate_json(mutate_program(o, argv)).dump();
}

}  // namespace

PYBIND11_MODULE(_fvemu, m) {
  m.doc() = "fvemu's C++ core: run Linux programs for 386, amd64 and arm under Unicorn and "
            "check how they call func values. Use it through the fvemu package.";
  py::register_exception_translator(translate_run_error);
  bind_profile(m);
  bind_call_event(m);
  bind_violation(m);
  bind_result(m);
  bind_machine(m);
  m.def("replay", &replay, py::arg("trace"), py::arg("program"), py::arg("profile") = py::none(),
        "Checks a trace `fvemu trace --out` recorded of `program`, as `fvemu check --replay` "
        "does; returns the Result (its verdicts; nothing runs).");
  m.def("mutate_json", &mutate, py::arg("path"), py::arg("args"), py::arg("env"), py::arg("profile"),
        py::arg("operators"), py::arg("sites"), py::arg("jobs"), py::arg("ro"), py::arg("rw"),
        py::arg("seed"),
        "Runs `fvemu mutate` on the program; returns its --json report as text.");
  m.def("targets_json", [] { return std::string(kBuiltInTargetsJson); },
        "targets.json, the table of fvemu's targets, as fvemu has it built in.");
}
