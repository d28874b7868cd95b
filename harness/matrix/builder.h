// Builds a case for a target with the real compilers, into a cache directory, when
// the binary is missing or older than its source: Go with a toolchain (CGO_ENABLED=0,
// GOARCH, GOARM, GO386, each as that toolchain's release knows them), C and assembly
// with gcc, i686-linux-gnu-gcc and arm-linux-gnueabihf-gcc (static; assembly without a
// C library).
#pragma once

#include <filesystem>
#include <string>

#include "harness/matrix/case_file.h"
#include "harness/matrix/targets.h"
#include "harness/matrix/toolchain.h"

namespace fvemu {

struct BuildResult {
  std::filesystem::path binary;
  bool ok = false;
  std::string log;  // the compiler's output when it failed
};

// A compiler's command line and the environment entries it adds.
struct BuildCommand {
  std::vector<std::string> argv, env;
};

// How each kind of case is built, here and nowhere else (the build's own cases too,
// through fvemu-build-case): Go with `toolchain` for a Go target (GOCACHE and GOPATH
// under `cache` unless the caller's environment has them); a program on fvrt with
// runtime/fvrt-cc; C and assembly with the C target's cross compiler, static, plus
// `extra_flags`.
BuildCommand go_command(const std::filesystem::path& source, const std::string& go_target,
                        const std::filesystem::path& binary, const std::filesystem::path& cache,
                        const Toolchain& toolchain);
BuildCommand fvrt_command(const std::filesystem::path& source, const CTarget& target,
                          const std::string& profile, const std::string& breaks,
                          const std::filesystem::path& binary);
BuildCommand c_command(const std::filesystem::path& source, const CTarget& target,
                       const std::filesystem::path& binary, const std::vector<std::string>& extra_flags);
// The C target of an arch that builds in `isa` (thumb, a32; "": the arch's first).
const CTarget& c_target_for(const std::string& arch, const std::string& isa);

// Into cache_dir/TARGET/NAME, for Go cases built with a named toolchain
// cache_dir/TOOLCHAIN/TARGET/NAME (`toolchain` is ignored for other cases).
BuildResult build_case(const CaseFile& c, const std::string& target,
                       const std::filesystem::path& cache_dir, const Toolchain& toolchain);

// Runs argv (with extra environment entries, which replace the caller's of the same
// names) in `cwd` and returns its exit status,
// with its stderr (and its stdout, unless `stdout_file` names where that goes) in
// `output`; -1 if it could not start.
int run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                const std::filesystem::path& cwd, std::string& output,
                const std::filesystem::path& stdout_file = {});

}  // namespace fvemu
