#include "harness/matrix/builder.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "emu/guest_error.h"
#include "harness/matrix/built_in.h"
#include "harness/matrix/targets.h"

extern char** environ;

namespace fs = std::filesystem;

namespace fvemu {
namespace {

// GOARCH and friends for a matrix target, each only where the toolchain knows it: Go
// releases before 1.11 ignore GO111MODULE and before 1.10 GOCACHE; GO386 is 387 or sse2
// from Go 1.1 (or a tree that knows it) to 1.15, where softfloat is refused, and did
// not exist in Go 1.0; GOTOOLCHAIN=local (1.21 on) keeps the go command from
// switching to another. A toolchain of unknown release gets today's settings.
std::vector<std::string> go_environment(const std::string& target, const fs::path& cache,
                                        const Toolchain& t) {
  auto from = [&t](int release) { return !t.release || *t.release >= release; };
  std::vector<std::string> env = {"CGO_ENABLED=0", "GOOS=linux"};
  if (!t.goroot.empty()) env.push_back("GOROOT=" + t.goroot.string());
  if (from(11)) env.push_back("GO111MODULE=off");
  if (t.release && *t.release >= 21) env.push_back("GOTOOLCHAIN=local");
  // The caller's GOCACHE (shared with other builds) if it has one, else our own.
  if (from(10) && !std::getenv("GOCACHE")) env.push_back("GOCACHE=" + (cache / "go-build").string());
  if (!std::getenv("GOPATH")) env.push_back("GOPATH=" + (cache / "gopath").string());
  const GoTarget& g = targets().go_target(target);
  env.push_back("GOARCH=" + g.goarch);
  if (g.go386 == "sse2" && t.knows_go386) env.push_back("GO386=sse2");
  else if (g.go386 == "softfloat" && from(16)) env.push_back("GO386=softfloat");
  else if (g.go386 == "softfloat" && t.knows_go386) env.push_back("GO386=387");  // the x87, the nearest to softfloat
  if (!g.goarm.empty()) env.push_back("GOARM=" + g.goarm);
  return env;
}

// runtime/fvrt-cc of the source tree a case belongs to: the first ancestor that has one.
fs::path fvrt_cc_for(const fs::path& source) {
  for (fs::path dir = source.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "runtime" / "fvrt-cc")) return dir / "runtime" / "fvrt-cc";
    if (dir == dir.root_path()) break;
  }
  return "fvrt-cc";  // from PATH, or a clear "not found" when run
}

// Where `#include "prelude.inc"` finds the built-in prelude of the target's arch: a
// copy in the cache, rewritten only when it changed, so that its time says when.
fs::path prelude_directory(const std::string& arch, const fs::path& cache) {
  const fs::path dir = cache / "include" / arch, file = dir / "prelude.inc";
  const std::string_view text = kBuiltInPreludes.at(arch);
  std::ifstream in(file, std::ios::binary);
  const std::string old{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (old != text) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  }
  return dir;
}

bool up_to_date(const fs::path& binary, const std::vector<fs::path>& inputs) {
  std::error_code ec;
  if (!fs::exists(binary, ec)) return false;
  const auto built = fs::last_write_time(binary, ec);
  return std::all_of(inputs.begin(), inputs.end(),
                     [&](const fs::path& p) { return built >= fs::last_write_time(p, ec); });
}

}  // namespace

int run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                const fs::path& cwd, std::string& output, const fs::path& stdout_file) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return -1;
  // Ours replace the caller's: Go takes the first of two entries with one name.
  auto name = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; e++)
    if (std::none_of(env.begin(), env.end(), [&](const std::string& x) { return name(x) == name(*e); }))
      env_strings.emplace_back(*e);
  env_strings.insert(env_strings.end(), env.begin(), env.end());
  std::vector<char*> cargv, cenv;
  for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  for (const std::string& e : env_strings) cenv.push_back(const_cast<char*>(e.c_str()));
  cargv.push_back(nullptr);
  cenv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdout_file.empty())
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  else
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid;
  const int err = posix_spawnp(&pid, cargv[0], &actions, nullptr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (err != 0) {
    ::close(pipe_fds[0]);
    output = std::string(argv[0]) + ": " + std::strerror(err);
    return -1;
  }
  char buf[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    output.append(buf, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

const CTarget& c_target_for(const std::string& arch, const std::string& isa) {
  if (const CTarget* t = targets().c_target_of(arch, isa)) return *t;
  throw RunError(kExitCannotRun, fmt::format("targets.json: no C target for {} {}", arch, isa));
}

BuildCommand go_command(const fs::path& source, const std::string& go_target, const fs::path& binary,
                        const fs::path& cache, const Toolchain& toolchain) {
  return {{toolchain.go().string(), "build", "-o", binary.string(), source.string()},
          go_environment(go_target, cache, toolchain)};
}

BuildCommand fvrt_command(const fs::path& source, const CTarget& target, const std::string& profile,
                          const std::string& breaks, const fs::path& binary) {
  std::vector<std::string> argv = {fvrt_cc_for(source).string(), "--arch", target.arch, "--profile", profile,
                                   "--isa", target.isa.empty() ? "thumb" : target.isa};
  if (!breaks.empty()) argv.insert(argv.end(), {"--break", breaks});
  argv.insert(argv.end(), {"-o", binary.string(), source.string()});
  return {argv, {}};
}

BuildCommand c_command(const fs::path& source, const CTarget& target, const fs::path& binary,
                       const std::vector<std::string>& extra_flags) {
  std::vector<std::string> argv = {targets().arch(target.arch).cc, "-static", "-O2", "-g"};
  argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
  // cases/native/nested_function.c needs an executable stack on purpose: no linker warning.
  argv.insert(argv.end(), {"-std=gnu11", "-Wl,--no-warn-execstack"});
  argv.insert(argv.end(), target.cflags.begin(), target.cflags.end());
  if (source.extension() == ".S") argv.push_back("-nostdlib");  // its own _start, no C library
  argv.insert(argv.end(), {"-o", binary.string(), source.string()});
  return {argv, {}};
}

BuildResult build_case(const CaseFile& c, const std::string& target, const fs::path& cache,
                       const Toolchain& toolchain) {
  const bool go = c.language == CaseFile::kGo;
  BuildResult r;
  r.binary = (go && !toolchain.name.empty() ? cache / toolchain.name : cache) / target / c.name;
  const std::string arch = targets().go_target(target).arch;
  const fs::path prelude = c.language == CaseFile::kAssembly ? prelude_directory(arch, cache) : fs::path();
  std::vector<fs::path> inputs = {c.source};
  if (!prelude.empty()) inputs.push_back(prelude / "prelude.inc");
  if (up_to_date(r.binary, inputs)) {
    r.ok = true;
    return r;
  }
  std::error_code ec;
  fs::create_directories(r.binary.parent_path(), ec);
  // Assembly: the case's own directory first, then the built-in prelude.
  const BuildCommand command =
      go ? go_command(c.source, target, r.binary, cache, toolchain)
      : c.on_fvrt ? fvrt_command(c.source, c_target_for(arch, c.isa), c.profile, c.breaks, r.binary)
      : c_command(c.source, c_target_for(arch, ""), r.binary,
                  prelude.empty() ? std::vector<std::string>{} : std::vector<std::string>{"-I", prelude.string()});
  r.ok = run_command(command.argv, command.env, c.source.parent_path(), r.log) == 0;
  return r;
}

}  // namespace fvemu
