// A test case as `fvemu matrix` finds it: a Go, C or assembly source with its
// expectations in `//!` lines at the top, and the targets it is built for. This is the
// one parser of that format (described in scripts/cases.py, which asks it through
// `fvemu matrix --list --json`).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace fvemu {

struct CaseFile {
  std::filesystem::path source;
  std::string name;     // path below the case directory, without extension: go/closures
  enum Language { kGo, kC, kAssembly } language = kGo;
  std::vector<std::string> targets;  // the matrix columns it applies to
  std::vector<std::string> args, env, ro, rw;
  int exit = 0;
  std::vector<std::string> stdout_lines;
  std::string profile;                  // "" : auto for Go, none for C
  int go_minimum = 0;                   // `//! go: 1.N`: N, the oldest Go release it passes with
  std::vector<std::string> violations;  // "RULE SITE -> CALLEE", expected, in order
  // Programs on fvrt (a `runtime` directory): one row per profile and ARM instruction
  // set, named NAME[PROFILE] and NAME[PROFILE,a32], built by runtime/fvrt-cc.
  bool on_fvrt = false;
  std::string isa;     // "a32": ARM state (the arm7 column only); "": Thumb-2 on ARM
  std::string breaks;  // `//! break:`, the broken runtime variant (cases/bad/runtime)
  std::vector<std::string> profiles = {"go", "go-step1"};  // `//! profiles:` (fvrt)
  std::map<std::string, std::vector<std::string>> profile_violations;  // `//! violation(P):`
  // Expectations only the test suite uses (scripts/cases.py says what they mean).
  bool same_stdout_as_qemu = true;  // `//! qemu: expectations-only` clears it
  bool host_reference = false;      // `//! reference: host`
  std::vector<std::string> events;  // `//! event:` lines, verbatim
  std::vector<std::pair<std::string, std::string>> calls;  // `//! calls: FUNC -> CALLEE`

  // What the check must report: a program on fvrt has its profile's own list, if any.
  const std::vector<std::string>& expected_violations() const;
};

// The case as JSON (`fvemu matrix --list --json`): its header, every key, and its row.
nlohmann::json case_json(const CaseFile& c);

// Whether reported violations are the expected ones, in order; an expected SITE
// without +offset matches any site in that function (cases built for several arches).
bool violations_match(const std::vector<std::string>& expected,
                      const std::vector<std::string>& reported);

// Matrix columns: the Go targets of targets.json.
const std::vector<std::string>& matrix_targets();

// Every case under `dirs` (recursively; a file there is a case itself), sorted by
// name, restricted to `columns`.
// A directory named as an arch's `dirs` (x86, i386, amd64, arm) holds sources for its
// targets only; C and assembly build for the c_column targets. C sources in a directory named runtime
// are programs on fvrt: a row per profile and instruction set (CaseFile::on_fvrt). Throws RunError on a bad header.
std::vector<CaseFile> discover_cases(const std::vector<std::filesystem::path>& dirs,
                                     const std::vector<std::string>& columns);

}  // namespace fvemu
