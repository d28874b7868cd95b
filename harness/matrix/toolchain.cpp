#include "harness/matrix/toolchain.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "emu/guest_error.h"
#include "harness/matrix/builder.h"
#include "harness/matrix/targets.h"

namespace fs = std::filesystem;

namespace fvemu {
namespace {

std::string first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  const size_t e = line.find_last_not_of(" \t\r");
  return e == std::string::npos ? "" : line.substr(0, e + 1);
}

bool file_contains(const fs::path& p, const std::string& text) {
  std::ifstream in(p, std::ios::binary);
  const std::string s{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return s.find(text) != std::string::npos;
}

bool is_goroot(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p / "bin" / "go", ec) &&
         (fs::is_directory(p / "src" / "runtime", ec) || fs::is_directory(p / "src" / "pkg" / "runtime", ec));
}

Toolchain make_toolchain(std::string name, fs::path goroot, const fs::path& tree) {
  Toolchain t{std::move(name), std::move(goroot), go_release(tree)};
  // GO386 came in during Go 1.1's development (the C compilers read it in lib9), so a
  // tree that descends from 1.0 may know it too.
  t.knows_go386 = !t.release || *t.release >= 1 || file_contains(tree / "src" / "lib9" / "goos.c", "GO386");
  return t;
}

// Names become cache directories beside these.
bool reserved_name(const std::string& name) {
  const auto& targets = matrix_targets();
  return name == "runs" || name == "go-build" || name == "gopath" || name == "include" ||
         std::find(targets.begin(), targets.end(), name) != targets.end();
}

}  // namespace

std::optional<int> go_release(const fs::path& goroot) {
  static const std::regex release(R"(go1(?:\.(\d+))?([^0-9].*)?)");
  std::smatch m;
  const std::string version = first_line(goroot / "VERSION");
  if (std::regex_match(version, m, release)) return m[1].matched ? std::stoi(m[1].str()) : 0;
  static const std::regex api(R"(go1(?:\.(\d+))?\.txt)");
  std::optional<int> newest;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(goroot / "api", ec)) {
    const std::string file = e.path().filename().string();
    if (std::regex_match(file, m, api)) newest = std::max(newest.value_or(0), m[1].matched ? std::stoi(m[1].str()) : 0);
  }
  return newest;
}

std::vector<Toolchain> parse_toolchains(const std::vector<std::string>& specs) {
  static const std::regex name_chars(R"([A-Za-z0-9_+-][A-Za-z0-9._+-]*)");
  std::vector<Toolchain> out;
  std::set<std::string> names;
  for (const std::string& spec : specs) {
    const size_t eq = spec.find('=');
    const std::string name = spec.substr(0, eq), path = eq == std::string::npos ? "" : spec.substr(eq + 1);
    auto fail = [&spec](const std::string& why) {
      return RunError(kExitCannotRun, fmt::format("matrix: --toolchain {}: {}", spec, why));
    };
    if (eq == std::string::npos || name.empty() || path.empty()) throw fail("expected NAME=GOROOT");
    if (!std::regex_match(name, name_chars))
      throw fail("NAME may hold only letters, digits, '.', '_', '+' and '-'");
    if (reserved_name(name)) throw fail(fmt::format("NAME '{}' is taken by the cache (a target or runs, go-build, gopath, include)", name));
    if (!names.insert(name).second) throw fail(fmt::format("NAME '{}' given twice", name));
    const fs::path goroot = fs::absolute(path).lexically_normal();
    if (!is_goroot(goroot))
      throw fail(fmt::format("{} is not a GOROOT (no bin/go, or no src/runtime or src/pkg/runtime)", path));
    out.push_back(make_toolchain(name, goroot, goroot));
  }
  return out;
}

Toolchain path_toolchain() {
  std::string output;
  if (run_command({"go", "env", "GOROOT"}, {}, ".", output) == 0) {
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty() && is_goroot(line)) return make_toolchain("", "", line);
  }
  return {};
}

std::string not_applicable(const Toolchain& t, const CaseFile& c, const std::string& target) {
  const std::string who = t.name.empty() ? "the go on PATH" : t.name;
  if (t.release && c.go_minimum > *t.release)
    return fmt::format("needs Go 1.{}; {} is Go 1.{}", c.go_minimum, who, *t.release);
  if (targets().go_target(target).go386 == "sse2" && !t.knows_go386)
    return fmt::format("{} has no GO386, so no SSE2 floating point", who);
  return "";
}

}  // namespace fvemu
