#include "harness/matrix/case_file.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "emu/guest_error.h"
#include "harness/matrix/targets.h"

namespace fs = std::filesystem;

namespace fvemu {
namespace {

// POSIX-shell-like words: spaces separate, double or single quotes group.
std::vector<std::string> shell_words(const std::string& s) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (char c : s) {
    if (quote) {
      if (c == quote) quote = 0; else cur += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::exchange(cur, {}));
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(cur);
  return words;
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// `//! go: 1.N` -> N.
int go_minimum(const CaseFile& c, const std::string& value) {
  static const std::regex release(R"(1\.(\d{1,3}))");
  std::smatch m;
  if (!std::regex_match(value, m, release))
    throw RunError(kExitCannotRun, fmt::format("{}: '//! go: {}': expected 1.N, the oldest Go release "
                                               "that builds the case", c.source.string(), value));
  return std::stoi(m[1].str());
}

// `FUNC -> CALLEE` -> (FUNC, CALLEE).
std::pair<std::string, std::string> func_and_callee(const std::string& value) {
  const size_t arrow = value.find(" -> ");
  if (arrow == std::string::npos) return {trim(value), ""};
  return {trim(value.substr(0, arrow)), trim(value.substr(arrow + 4))};
}

// Reads the `//!` lines at the top of c.source; false if it has none (a helper source,
// not a case).
bool parse_header(CaseFile& c) {
  std::ifstream in(c.source);
  bool has_header = false, has_exit = false;
  for (std::string line; std::getline(in, line) && line.rfind("//!", 0) == 0;) {
    has_header = true;
    const std::string body = line.substr(3);
    const size_t colon = body.find(':');
    const std::string key = trim(body.substr(0, colon));
    const std::string value = colon == std::string::npos ? "" : trim(body.substr(colon + 1));
    if (key == "args") c.args = shell_words(value);
    else if (key == "env") c.env.push_back(value);
    else if (key == "ro") c.ro.push_back(value);
    else if (key == "rw") c.rw.push_back(value);
    else if (key == "exit") { c.exit = std::stoi(value); has_exit = true; }
    else if (key == "stdout") c.stdout_lines.push_back(value);
    else if (key == "profile") c.profile = value;
    else if (key == "go") c.go_minimum = go_minimum(c, value);
    else if (key == "violation") c.violations.push_back(value);
    else if (key.rfind("violation(", 0) == 0 && key.back() == ')')
      c.profile_violations[key.substr(10, key.size() - 11)].push_back(value);
    else if (key == "profiles") c.profiles = shell_words(value);
    else if (key == "break") c.breaks = value;
    else if (key == "qemu" && value == "expectations-only") c.same_stdout_as_qemu = false;
    else if (key == "reference" && value == "host") c.host_reference = true;
    else if (key == "event") c.events.push_back(value);
    else if (key == "calls") c.calls.push_back(func_and_callee(value));
    else
      throw RunError(kExitCannotRun, fmt::format("{}: unknown expectation '//! {}:'",
                                                 c.source.string(), key));
  }
  if (has_header && !has_exit)
    throw RunError(kExitCannotRun, fmt::format("{}: no '//! exit:' line", c.source.string()));
  return has_header;
}

// Targets a directory restricts its sources to (an arch's `dirs` in targets.json), or none.
std::set<std::string> directory_targets(const fs::path& rel) {
  std::set<std::string> only;
  for (const fs::path& part : rel.parent_path()) {
    std::set<std::string> named;
    for (const GoTarget& t : targets().go) {
      const auto& dirs = targets().arch_of(t).dirs;
      if (std::find(dirs.begin(), dirs.end(), part.string()) != dirs.end()) named.insert(t.name);
    }
    if (!named.empty()) only = std::move(named);
  }
  return only;
}

bool in_runtime_directory(const fs::path& rel) {
  for (const fs::path& part : rel.parent_path())
    if (part == "runtime") return true;
  return false;
}

bool violation_matches(const std::string& expected, const std::string& reported) {
  const size_t we = expected.find(" -> "), re = reported.find(" -> ");
  if (we == std::string::npos || re == std::string::npos) return expected == reported;
  if (expected.substr(we) != reported.substr(re)) return false;  // the callee
  const std::string want = expected.substr(0, we), got = reported.substr(0, re);  // rule and site
  return want == got || (want.find('+') == std::string::npos && got.rfind(want + "+", 0) == 0);
}

// The rows of a program on fvrt: each profile, and each again in ARM state.
void add_fvrt_rows(const CaseFile& c, std::vector<CaseFile>& found) {
  for (const std::string& profile : c.profiles) {
    for (const std::string isa : {"", "a32"}) {
      CaseFile row = c;
      row.on_fvrt = true;
      row.profile = profile;
      row.isa = isa;
      row.name += "[" + profile + (isa.empty() ? "" : "," + isa) + "]";
      std::erase_if(row.targets, [&](const std::string& t) {
        return !isa.empty() && !targets().c_target_of(targets().go_target(t).arch, isa);
      });
      if (!row.targets.empty()) found.push_back(std::move(row));
    }
  }
}

// The case (or fvrt rows) of source p, at `rel` below a case directory named
// `base_name`; `name` as the matrix shows it. Nothing for a source without a header.
void add_case(const fs::path& p, const fs::path& rel, const fs::path& base_name, const std::string& name,
              const std::vector<std::string>& columns, std::vector<CaseFile>& found) {
  const std::string ext = p.extension().string();
  if (ext != ".go" && ext != ".c" && ext != ".S") return;
  CaseFile c;
  c.source = fs::absolute(p);
  c.name = name;
  c.language = ext == ".go" ? CaseFile::kGo : ext == ".c" ? CaseFile::kC : CaseFile::kAssembly;
  if (!parse_header(c)) return;
  // The case directory's own name counts too (fvemu matrix cases/bad/arm).
  const std::set<std::string> only = directory_targets(base_name / rel);
  for (const std::string& t : columns) {
    // C and assembly: one build per arch, in its c_column (armhf is ARMv7: arm7).
    if ((c.language == CaseFile::kGo || targets().go_target(t).c_column) && (only.empty() || only.count(t)))
      c.targets.push_back(t);
  }
  if (c.targets.empty()) return;
  if (c.language == CaseFile::kC && in_runtime_directory(base_name / rel)) add_fvrt_rows(c, found);
  else found.push_back(std::move(c));
}

}  // namespace

bool violations_match(const std::vector<std::string>& expected,
                      const std::vector<std::string>& reported) {
  return std::equal(expected.begin(), expected.end(), reported.begin(), reported.end(),
                    violation_matches);
}

const std::vector<std::string>& matrix_targets() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> names;
    for (const GoTarget& t : targets().go) names.push_back(t.name);
    return names;
  }();
  return all;
}

std::vector<CaseFile> discover_cases(const std::vector<fs::path>& dirs,
                                     const std::vector<std::string>& columns) {
  std::vector<CaseFile> found;
  for (const fs::path& dir : dirs) {
    const fs::path base = fs::absolute(dir).lexically_normal();
    const fs::path base_name = base.has_filename() ? base.filename() : base.parent_path().filename();
    if (fs::is_regular_file(dir)) {  // a case named on its own, in its directory
      const fs::path parent = base.parent_path().filename();
      add_case(dir, base.filename(), parent, (dirs.size() > 1 ? parent / dir.stem() : dir.stem()).generic_string(),
               columns, found);
      continue;
    }
    if (!fs::is_directory(dir))
      throw RunError(kExitCannotRun, fmt::format("matrix: {}: not a directory or a case file", dir.string()));
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      const fs::path rel = fs::relative(entry.path(), dir);
      // Names are paths below the case directory, prefixed with its own name when
      // there are several (their files may share names).
      const fs::path name = (dirs.size() > 1 ? base_name / rel.parent_path() : rel.parent_path()) / rel.stem();
      add_case(entry.path(), rel, base_name, name.generic_string(), columns, found);
    }
  }
  std::sort(found.begin(), found.end(),
            [](const CaseFile& a, const CaseFile& b) { return a.name < b.name; });
  return found;
}

const std::vector<std::string>& CaseFile::expected_violations() const {
  const auto it = profile_violations.find(profile);
  return on_fvrt && it != profile_violations.end() ? it->second : violations;
}

nlohmann::json case_json(const CaseFile& c) {
  static const char* const languages[] = {"go", "c", "assembly"};
  nlohmann::json calls = nlohmann::json::array();
  for (const auto& [func, callee] : c.calls) calls.push_back({func, callee});
  return {{"name", c.name}, {"source", c.source.string()}, {"language", languages[c.language]},
          {"targets", c.targets}, {"args", c.args}, {"env", c.env}, {"ro", c.ro}, {"rw", c.rw},
          {"exit", c.exit}, {"stdout", c.stdout_lines}, {"profile", c.profile}, {"go", c.go_minimum},
          {"violations", c.violations}, {"on_fvrt", c.on_fvrt}, {"isa", c.isa}, {"break", c.breaks},
          {"profiles", c.profiles}, {"profile_violations", c.profile_violations},
          {"same_stdout_as_qemu", c.same_stdout_as_qemu}, {"host_reference", c.host_reference},
          {"events", c.events}, {"calls", calls}};
}

}  // namespace fvemu
