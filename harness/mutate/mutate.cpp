#include "harness/mutate/mutate.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"
#include "harness/hex.h"
#include "harness/session.h"

namespace fs = std::filesystem;

namespace fvemu {
namespace {

// The sequence of indirect calls and jumps (kind, site, target), hashed: whether a
// mutant made the same calls as the first run.
class CallHash final : public EventSink {
 public:
  void on_event(const CallEvent& e, Symbolizer&) override {
    for (uint64_t v : {static_cast<uint64_t>(e.kind), e.site, e.target}) {
      hash_ ^= v;
      hash_ *= 0x100000001b3ull;
    }
  }
  bool wants_values() const override { return false; }
  uint64_t hash() const { return hash_; }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ull;
};

// Every indirect call and jump site of the image that ran, with the block it ended.
class SiteFinder final : public EventSink {
 public:
  void on_event(const CallEvent& e, Symbolizer& names) override {
    if (!is_indirect(e.kind) || !e.from->in_image) return;
    auto [it, fresh] = sites_.try_emplace(e.site);
    Seen& s = it->second;
    s.site.times++;
    if (!fresh) return;
    s.kind = e.kind;
    s.via_ctx = e.from->target_via_ctx;
    const TargetSource& src = e.from->source;
    s.word0_load = src.end == TargetSource::kLoad && src.mem.disp == 0 && src.mem.index.empty() &&
                   !src.mem.absolute && !src.mem.base.empty() && src.mem.base != "SP" &&
                   src.mem.base != "PC";
    s.other_word_load = src.end == TargetSource::kLoad && src.mem.disp != 0;
    MutationSite& m = s.site;
    m.site = e.site;
    m.block = e.from->addr;
    m.block_size = e.from->size;
    m.thumb = e.from->thumb;
    m.symbol = names.code(e.site);
    m.callee = names.code(e.target);
    m.source = src.text();
    if (const auto& where = names.line(e.site)) m.where = fmt::format("{}:{}", fs::path(where->file).filename().string(), where->line);
    m.target = e.target;
  }
  bool wants_values() const override { return false; }

  // The func-value call sites among them: calls through word 0 of a register or
  // through the context register, and calls of functions that read it; not interface
  // calls, jump tables, C code or code written at run time. Step 1 has no context
  // register: a transfer through its AX/R0 is no func-value call by that alone
  // (1903ad7's sync/atomic jumps through R0 to the code pointer armCAS64 holds).
  std::vector<MutationSite> funcvalue_sites(const Checker& checker, const Profile& profile) const {
    std::vector<MutationSite> out;
    for (const auto& [addr, s] : sites_) {
      const auto cls = checker.site_class(addr);
      if (!cls || (*cls != Checker::SiteClass::kGo && *cls != Checker::SiteClass::kRuntimeAsm)) continue;
      MutationSite m = s.site;
      m.callee_consumes_ctx = checker.consumes_context(m.target);
      m.runtime_assembly = *cls == Checker::SiteClass::kRuntimeAsm;
      // A load from another word than 0 is an interface method's slot: not a func value.
      if (s.other_word_load) continue;
      const bool call_shape = s.kind == CallKind::kIndirectCall && (s.word0_load || m.callee_consumes_ctx);
      if (call_shape || (s.via_ctx && profile.has_context_register())) out.push_back(std::move(m));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.site < b.site; });
    return out;
  }

 private:
  struct Seen {
    MutationSite site;
    CallKind kind = CallKind::kNone;
    bool via_ctx = false, word0_load = false, other_word_load = false;
  };
  std::map<uint64_t, Seen> sites_;
};

// A host file the guest writes its stdout or stderr into.
class Capture {
 public:
  Capture() : fd_(::memfd_create("fvemu-mutate", MFD_CLOEXEC)) {
    if (fd_ < 0) throw RunError(kExitCannotRun, "mutate: memfd_create failed");
  }
  ~Capture() { ::close(fd_); }
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;
  int fd() const { return fd_; }
  std::string text() const {
    std::string out;
    char buf[65536];
    for (off_t at = 0;;) {
      const ssize_t n = ::pread(fd_, buf, sizeof buf, at);
      if (n <= 0) return out;
      out.append(buf, static_cast<size_t>(n));
      at += n;
    }
  }

 private:
  int fd_;
};

struct Run {
  ExitStatus status;
  std::string outcome;  // "exit 0", "killed by SIGSEGV at ..."
  std::string out, err;
  uint64_t insns = 0, calls = 0;
  std::vector<Violation> violations;
  std::string profile, profile_reason;
  bool reached = false;
  std::vector<MutationSite> sites;  // with find_sites
};

// Whether the mutated bytes ran: the machine asks observers about each block when it
// first runs.
class Reach final : public Observer {
 public:
  explicit Reach(std::pair<uint64_t, uint64_t> bytes) : bytes_(bytes) {}
  bool wants_block(Machine&, uint64_t addr, uint32_t size) override {
    reached_ = reached_ || (addr < bytes_.second && bytes_.first < addr + size);
    return false;
  }
  bool reached() const { return reached_; }

 private:
  std::pair<uint64_t, uint64_t> bytes_;
  bool reached_ = false;
};

// One run of `argv` under the checker with its output captured; `watch`: the bytes
// whose execution counts as reaching the mutation.
Run run_checked(const RunOptions& options, const std::string& profile,
                const std::vector<std::string>& argv, std::optional<std::pair<uint64_t, uint64_t>> watch,
                bool find_sites) {
  Capture out, err;
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  SessionOptions so;
  so.run = options;
  so.run.stdio = {null_fd, out.fd(), err.fd()};
  so.run.stdout_file.clear();
  so.profile = profile;
  so.require_profile = true;
  so.record_kinds = {};
  Run r;
  std::optional<Reach> reach;
  {
    Session session(std::move(so), argv, "mutate");
    ::close(null_fd);
    CallHash hash;
    SiteFinder finder;
    session.add_sink(&hash);
    if (find_sites) session.add_sink(&finder);
    if (watch) session.machine().add_observer(&reach.emplace(*watch));
    r.status = session.run();
    r.reached = !reach || reach->reached();
    r.outcome = r.status.kind == ExitStatus::kExited ? fmt::format("exit {}", r.status.code)
                                                     : kill_report(session.machine(), r.status);
    r.insns = session.machine().instructions();
    r.calls = hash.hash();
    r.violations = session.checker()->violations();
    r.profile = std::string(session.profile()->name);
    r.profile_reason = session.profile_reason();
    if (find_sites) r.sites = finder.funcvalue_sites(*session.checker(), *session.profile());
  }
  r.out = out.text();
  r.err = err.text();
  return r;
}

std::string violation_line(const Violation& v) {
  auto name = [](const std::string& s, uint64_t a) { return s.empty() ? hex(a) : s; };
  return fmt::format("{} {} -> {}", v.rule, name(v.site_symbol, v.site), name(v.callee_symbol, v.target));
}

// "line 3: 'x' / 'y'": where two outputs part.
std::string first_difference(const std::string& a, const std::string& b) {
  size_t line = 1, at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) line += a[at++] == '\n';
  auto line_of = [&](const std::string& s) {
    const size_t begin = s.rfind('\n', at == 0 ? 0 : at - 1);
    const size_t from = begin == std::string::npos || at == 0 ? 0 : begin + 1;
    std::string l = s.substr(from, s.find('\n', from) - from);
    return l.size() > 80 ? l.substr(0, 80) + "..." : l;
  };
  return fmt::format("line {}: '{}' instead of '{}'", line, line_of(b), line_of(a));
}

struct Job {
  size_t site;
  Mutation mutation;
};

class Mutator {
 public:
  Mutator(const MutateOptions& o, const std::vector<std::string>& argv, const Run& first,
          const fs::path& dir)
      : o_(o), argv_(argv), first_(first), dir_(dir) {
    std::ifstream in(argv.front(), std::ios::binary);
    original_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    mutant_options_ = o.run;
    mutant_options_.argv0 = argv.front();
    mutant_options_.max_insns = o.mutant_max_insns ? o.mutant_max_insns
                                : o.run.max_insns ? o.run.max_insns
                                                  : 2 * first.insns + 10'000'000;
    mutant_options_.timeout = o.mutant_timeout ? o.mutant_timeout : o.run.timeout ? o.run.timeout : 30;
    if (!mutant_options_.max_output)
      mutant_options_.max_output = 4 * (first.out.size() + first.err.size()) + (16 << 20);
  }

  MutantResult run(size_t index, const Job& job, const MutationSite& site, uint64_t file_offset) const {
    MutantResult r{job.site, job.mutation, MutantResult::kNotApplicable, "", "", {}, ""};
    if (!job.mutation.applies()) return r;
    const fs::path file = dir_ / fmt::format("{:04}-{:x}-{}", index, site.site, job.mutation.op);
    write_mutant(file, file_offset, job.mutation.bytes);
    std::vector<std::string> argv = argv_;
    argv.front() = file.string();
    const uint64_t end = job.mutation.addr + job.mutation.bytes.size();
    const Run m = run_checked(mutant_options_, first_.profile, argv, {{job.mutation.addr, end}}, false);
    if (o_.keep.empty()) fs::remove(file);
    else r.file = file.string();
    r.outcome = m.outcome;
    for (const Violation& v : m.violations) r.violations.push_back(violation_line(v));
    judge(r, m, site, job.mutation);
    return r;
  }

 private:
  void write_mutant(const fs::path& file, uint64_t offset, const Bytes& bytes) const {
    std::string copy = original_;
    std::copy(bytes.begin(), bytes.end(), copy.begin() + static_cast<long>(offset));
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(copy.data(), static_cast<std::streamsize>(copy.size()));
    out.close();
    if (!out) throw RunError(kExitCannotRun, fmt::format("mutate: cannot write {}", file.string()));
    fs::permissions(file, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  }

  void judge(MutantResult& r, const Run& m, const MutationSite& site, const Mutation& mu) const {
    auto in = [](uint64_t a, uint64_t begin, uint64_t end) { return a >= begin && a < end; };
    for (const Violation& v : m.violations) {
      if (in(v.site, site.block, site.block + site.block_size) ||
          in(v.site, mu.addr, mu.addr + mu.bytes.size())) {
        r.verdict = MutantResult::kCaught;
        r.evidence = v.text();
        return;
      }
    }
    if (!m.reached) {
      r.verdict = MutantResult::kNotReached;
      return;
    }
    std::vector<std::string> differs;
    if (m.outcome != first_.outcome) differs.push_back(fmt::format("{} (first run: {})", m.outcome, first_.outcome));
    if (m.out != first_.out) differs.push_back("stdout differs, " + first_difference(first_.out, m.out));
    if (m.err != first_.err) differs.push_back("stderr differs, " + first_difference(first_.err, m.err));
    if (m.calls != first_.calls) differs.push_back("the indirect calls differ from the first run's");
    for (const Violation& v : m.violations)
      differs.push_back("violation elsewhere: " + violation_line(v));
    if (differs.empty()) {
      r.verdict = MutantResult::kEquivalent;
      return;
    }
    r.verdict = MutantResult::kMissed;
    for (const std::string& d : differs) r.evidence += (r.evidence.empty() ? "" : "\n") + d;
  }

  const MutateOptions& o_;
  const std::vector<std::string>& argv_;
  const Run& first_;
  fs::path dir_;
  std::string original_;
  RunOptions mutant_options_;
};

// A directory for the mutants: --keep's, or a fresh temporary one removed after.
class MutantDir {
 public:
  explicit MutantDir(const fs::path& keep) {
    if (!keep.empty()) {
      std::error_code ec;
      fs::create_directories(keep, ec);
      if (ec) throw RunError(kExitCannotRun, fmt::format("mutate: --keep {}: {}", keep.string(), ec.message()));
      path_ = keep;
      return;
    }
    std::string tmpl = (fs::temp_directory_path() / "fvemu-mutate-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw RunError(kExitCannotRun, "mutate: cannot create a temporary directory");
    path_ = tmpl;
    owned_ = true;
  }
  ~MutantDir() {
    std::error_code ec;
    if (owned_) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  bool owned_ = false;
};

}  // namespace

std::string_view verdict_name(MutantResult::Verdict v) {
  switch (v) {
    case MutantResult::kCaught: return "caught";
    case MutantResult::kMissed: return "missed";
    case MutantResult::kEquivalent: return "equivalent";
    case MutantResult::kNotReached: return "not reached";
    case MutantResult::kNotApplicable: return "n/a";
  }
  return "";
}

size_t MutateReport::count(MutantResult::Verdict v) const {
  return static_cast<size_t>(std::count_if(mutants.begin(), mutants.end(),
                                           [v](const MutantResult& m) { return m.verdict == v; }));
}

double MutateReport::score() const {
  const size_t caught = count(MutantResult::kCaught), missed = count(MutantResult::kMissed);
  return caught + missed == 0 ? 100.0 : 100.0 * static_cast<double>(caught) / static_cast<double>(caught + missed);
}

std::string MutateReport::summary_line() const {
  return fmt::format("{} mutants, caught {}, missed {}, equivalent {}: score {:.1f}%", applicable(),
                     count(MutantResult::kCaught), count(MutantResult::kMissed),
                     count(MutantResult::kEquivalent), score());
}

MutateReport mutate_program(const MutateOptions& o, const std::vector<std::string>& argv) {
  const Run first = run_checked(o.run, o.profile, argv, std::nullopt, true);
  MutateReport report;
  report.program = argv.front();
  report.profile = first.profile;
  report.profile_reason = first.profile_reason;
  report.baseline_outcome = first.outcome;
  report.baseline_insns = first.insns;
  if (!first.violations.empty()) {
    for (const Violation& v : first.violations) report.baseline_violations.push_back(v.text());
    return report;
  }
  if (first.status.kind == ExitStatus::kKilled && first.status.code == SIGXCPU)
    throw RunError(kExitCannotRun, fmt::format("mutate: the first run did not finish ({}): give "
                                               "it more --max-insns or --timeout", first.outcome));
  const ElfImage image = load_elf_file(argv.front());
  const ImageView view(image, load_bias_of(image));
  report.arch = std::string(image.arch->name());
  const Profile& profile = *find_profile(first.profile);
  std::vector<Job> jobs;
  std::vector<uint64_t> offsets;
  for (const MutationSite& s : first.sites) {
    if (o.sites && !std::regex_search(s.symbol, *o.sites) && !std::regex_search(s.callee, *o.sites)) continue;
    SiteCode code{s.block, s.thumb, Bytes(s.block_size), s.callee_consumes_ctx, {}};
    if (!view.read(s.block, code.bytes.data(), code.bytes.size())) code.bytes.clear();
    if (const auto function = image.symbols.start_of(s.block - view.bias()))
      code.lead_in = lead_in_of(*image.arch, view, *function + view.bias(), code);
    report.sites.push_back(s);
    for (Mutation& m : mutations_at(*image.arch, profile, code, o.operators)) {
      const auto offset = m.applies() ? view.file_offset(m.addr) : std::optional<uint64_t>(0);
      if (!offset) m = Mutation{m.op, 0, {}, "the instruction is not in the file"};
      jobs.push_back({report.sites.size() - 1, std::move(m)});
      offsets.push_back(offset.value_or(0));
    }
  }
  const MutantDir dir(o.keep);
  const Mutator mutator(o, argv, first, dir.path());
  report.mutants.resize(jobs.size());
  std::atomic<size_t> next{0};
  std::mutex progress;
  size_t done = 0;
  std::exception_ptr failure;
  auto worker = [&] {
    for (size_t i; (i = next++) < jobs.size();) {
      try {
        report.mutants[i] = mutator.run(i, jobs[i], report.sites[jobs[i].site], offsets[i]);
      } catch (...) {
        std::lock_guard<std::mutex> lock(progress);
        if (!failure) failure = std::current_exception();
        next = jobs.size();
        return;
      }
      std::lock_guard<std::mutex> lock(progress);
      ++done;
      if (o.progress && jobs[i].mutation.applies())
        o.progress(done, jobs.size(), fmt::format("{} {} {}", report.sites[jobs[i].site].symbol,
                                                  jobs[i].mutation.op, verdict_name(report.mutants[i].verdict)));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < std::max(1u, o.jobs); j++) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  return report;
}

}  // namespace fvemu
