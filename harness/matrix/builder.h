// Builds a case for a target with the real compilers, into a cache directory, when
// the binary is missing or older than its source: Go with Debian's go (CGO_ENABLED=0,
// GOARCH, GOARM, GO386), C and assembly with gcc, i686-linux-gnu-gcc and
// arm-linux-gnueabihf-gcc (static; assembly without a C library).
#pragma once

#include <filesystem>
#include <string>

#include "harness/matrix/case_file.h"

namespace fvemu {

struct BuildResult {
  std::filesystem::path binary;
  bool ok = false;
  std::string log;  // the compiler's output when it failed
};

BuildResult build_case(const CaseFile& c, const std::string& target,
                       const std::filesystem::path& cache_dir);

// Runs argv (with extra environment entries) in `cwd` and returns its exit status,
// with its stderr (and its stdout, unless `stdout_file` names where that goes) in
// `output`; -1 if it could not start.
int run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                const std::filesystem::path& cwd, std::string& output,
                const std::filesystem::path& stdout_file = {});

}  // namespace fvemu
