// fvemu-build-case: builds one of the project's own cases for the build (cmake/*Cases.cmake)
// with the commands `fvemu matrix` uses (builder.cpp), so that cases are built one way.
//   fvemu-build-case --target T -o OUT [--profile P] [--depfile F] SOURCE
// T is a Go target for .go sources and a C target for .c and .S; --profile builds a
// program on fvrt (its `//! break:` read from its header). C and assembly compile
// warning-free here (-Wall -Wextra -Werror), which the matrix does not ask of a
// user's cases.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "emu/guest_error.h"
#include "harness/matrix/builder.h"
#include "harness/matrix/targets.h"

namespace fs = std::filesystem;
using namespace fvemu;

namespace {

BuildCommand command_for(const fs::path& source, const std::string& target, const fs::path& out,
                         const std::string& profile, const std::string& depfile) {
  if (source.extension() == ".go") return go_command(source, target, out, out.parent_path(), path_toolchain());
  const CTarget* c = targets().c_target(target);
  if (!c) throw RunError(kExitCannotRun, fmt::format("no C target {} in targets.json", target));
  if (!profile.empty()) {
    const std::vector<CaseFile> rows = discover_cases({source}, matrix_targets());
    return fvrt_command(source, *c, profile, rows.empty() ? "" : rows.front().breaks, out);
  }
  std::vector<std::string> flags = {"-Wall", "-Wextra", "-Werror"};
  if (!depfile.empty()) flags.insert(flags.end(), {"-MD", "-MF", depfile});
  return c_command(source, *c, out, flags);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Build one of fvemu's own cases for a target, as `fvemu matrix` builds cases."};
  std::string target, out, profile, depfile, source;
  app.add_option("--target", target, "A Go target (.go) or C target (.c, .S) of targets.json")->required();
  app.add_option("-o", out, "The binary to write")->required();
  app.add_option("--profile", profile, "Build a program on fvrt (runtime/fvrt-cc) with this ABI profile");
  app.add_option("--depfile", depfile, "C and assembly: write the included files here (gcc -MD -MF)");
  app.add_option("SOURCE", source, "The case's source")->required();
  CLI11_PARSE(app, argc, argv);
  try {
    const fs::path src = fs::absolute(source), binary = fs::absolute(out);
    fs::create_directories(binary.parent_path());
    const BuildCommand command = command_for(src, target, binary, profile, depfile);
    std::string log;
    const int status = run_command(command.argv, command.env, fs::current_path(), log);
    std::fputs(log.c_str(), stderr);
    return status < 0 ? 1 : status;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fvemu-build-case: %s\n", e.what());
    return kExitCannotRun;
  }
}
