// A Go toolchain `fvemu matrix` builds Go cases with: a GOROOT named on the command line
// (--toolchain NAME=GOROOT), or the `go` on PATH. Its Go release decides which cases it
// can build (`//! go: 1.N`) and which build settings it knows (builder.cpp).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/matrix/case_file.h"

namespace fvemu {

struct Toolchain {
  std::string name;              // "go1.21"; "" for the go on PATH (no --toolchain given)
  std::filesystem::path goroot;  // "" for the go on PATH (GOROOT is left as it is)
  std::optional<int> release;    // N of Go 1.N; unknown: it is taken to build every case
  // GO386 (387 or sse2; softfloat from 1.16), which Go 1.0's compilers do not know.
  bool knows_go386 = true;

  std::filesystem::path go() const { return goroot.empty() ? "go" : goroot / "bin" / "go"; }
};

// The Go release a GOROOT is, or descends from, as N of Go 1.N: from the first line of
// GOROOT/VERSION ("go1.19.8" -> 19, "go1.4.3" -> 4, "go1" -> 0); for a development
// tree (VERSION "devel +1903ad7", or none), the highest N of GOROOT/api/go1.N.txt
// (api/go1.txt alone: 0), the last release it descends from. nullopt if neither says.
std::optional<int> go_release(const std::filesystem::path& goroot);

// NAME=GOROOT options, in order. Throws RunError (a usage error) for a malformed value,
// a NAME given twice, or a path that is not a GOROOT (no bin/go, or no src/runtime or,
// as in Go 1.3 and earlier, src/pkg/runtime).
std::vector<Toolchain> parse_toolchains(const std::vector<std::string>& specs);

// The go on PATH, its release from `go env GOROOT` (unknown if that fails).
Toolchain path_toolchain();

// Why `t` does not build case `c` for `target` ("" if it does): the case needs a newer
// Go, or the target a GO386 the toolchain does not know.
std::string not_applicable(const Toolchain& t, const CaseFile& c, const std::string& target);

}  // namespace fvemu
