// A test case as `fvemu matrix` finds it: a Go, C or assembly source with its
// expectations in `//!` lines at the top (the format is described in
// scripts/cases.py, which the tests use), and the targets it is built for.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

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
};

// Whether reported violations are the expected ones, in order; an expected SITE
// without +offset matches any site in that function (cases built for several arches).
bool violations_match(const std::vector<std::string>& expected,
                      const std::vector<std::string>& reported);

// Matrix columns: the Go targets of targets.json.
const std::vector<std::string>& matrix_targets();

// Every case under `dirs` (recursively), sorted by name, restricted to `columns`.
// A directory named as an arch's `dirs` (x86, i386, amd64, arm) holds sources for its
// targets only; C and assembly build for the c_column targets. C sources in a directory named runtime
// are programs on fvrt: a row per profile and instruction set (CaseFile::on_fvrt). Throws RunError on a bad header.
std::vector<CaseFile> discover_cases(const std::vector<std::filesystem::path>& dirs,
                                     const std::vector<std::string>& columns);

}  // namespace fvemu
