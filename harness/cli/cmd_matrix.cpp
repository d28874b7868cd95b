// `fvemu matrix`: every case on every target (harness/matrix), as a table, and
// optionally an HTML page.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "emu/guest_error.h"
#include "harness/cli/commands.h"
#include "harness/check/report.h"
#include "harness/cli/run_options.h"
#include "harness/matrix/matrix.h"
#include "harness/matrix/targets.h"
#include "harness/matrix/toolchain.h"

namespace fs = std::filesystem;

namespace fvemu::cli {
namespace {

// The names of the Go targets (the matrix columns) that `keep` keeps, joined by `sep`.
std::string column_names(bool (*keep)(const GoTarget&), const char* sep) {
  std::vector<std::string> names;
  for (const GoTarget& t : targets().go)
    if (keep(t)) names.push_back(t.name);
  return fmt::format("{}", fmt::join(names, sep));
}

bool any_column(const GoTarget&) { return true; }
bool default_column(const GoTarget& t) { return t.default_column; }
bool c_column(const GoTarget& t) { return t.c_column; }

struct MatrixCliOptions {
  std::vector<std::string> dirs;
  std::string arches = column_names(default_column, ",");
  bool list = false, json = false;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string html;
  std::string junit;
  std::string sites;
  bool mutate = false;
  std::string mutate_sites;
  std::string cache;
  std::vector<std::string> toolchains;  // NAME=GOROOT
};

std::vector<std::string> parse_arches(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string t; std::getline(in, t, ',');) {
    const auto& all = matrix_targets();
    if (std::find(all.begin(), all.end(), t) == all.end())
      throw RunError(kExitCannotRun, fmt::format("matrix: --arches {}: unknown target '{}' ({})", list, t,
                                                 column_names(any_column, ", ")));
    out.push_back(t);
  }
  return out;
}

fs::path default_cache() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "fvemu" / "matrix";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "fvemu" / "matrix";
  return fs::temp_directory_path() / "fvemu-matrix";
}

// --list: the cases and their columns, one a line, or (--json) every key of each.
int list_cases(const std::vector<CaseFile>& cases, bool json) {
  if (json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const CaseFile& c : cases) rows.push_back(case_json(c));
    fmt::print("{}\n", rows.dump(1));
  } else {
    for (const CaseFile& c : cases) fmt::print("{:<40} {}\n", c.name, fmt::join(c.targets, ","));
  }
  return 0;
}

int run(const MatrixCliOptions& o) {
  MatrixOptions m;
  m.targets = parse_arches(o.arches);
  m.toolchains = parse_toolchains(o.toolchains);
  for (const std::string& d : o.dirs.empty() ? std::vector<std::string>{"cases"} : o.dirs)
    m.dirs.push_back(d);
  if (o.dirs.empty() && !fs::is_directory("cases"))
    throw RunError(kExitCannotRun, "matrix: no CASE_DIRS given and there is no ./cases");
  m.jobs = o.jobs;
  m.cache = o.cache.empty() ? default_cache() : fs::absolute(o.cache);
  m.fvemu = fs::read_symlink("/proc/self/exe");
  m.sites = o.sites;
  m.mutate = o.mutate;
  m.mutate_sites = o.mutate_sites;
  if (!o.mutate_sites.empty()) symbol_regex(o.mutate_sites, "matrix", "--mutate-sites");
  if (!o.sites.empty()) symbol_regex(o.sites, "matrix", "--site");
  const std::vector<CaseFile> cases = discover_cases(m.dirs, m.targets);
  if (o.list) return list_cases(cases, o.json);
  // Fail now rather than after the run.
  if (!o.html.empty()) write_text_file(o.html, "", "matrix: --html");
  if (!o.junit.empty()) write_text_file(o.junit, "", "matrix: --junit");
  if (cases.empty()) throw RunError(kExitCannotRun, "matrix: no cases found");
  if (m.toolchains.empty() && std::any_of(cases.begin(), cases.end(),
                                          [](const CaseFile& c) { return c.language == CaseFile::kGo; }))
    m.toolchains.push_back(path_toolchain());
  const std::vector<Cell> cells = run_matrix(cases, m);
  const std::vector<MatrixTable> tables = matrix_tables(cases, m);
  fmt::print("{}", render_text(tables, cells));
  if (!o.html.empty()) write_text_file(o.html, render_html(tables, cells, o.sites), "--html");
  if (!o.junit.empty()) write_text_file(o.junit, render_junit(cells), "--junit");
  for (const Cell& c : cells)
    if (c.verdict != Cell::kOk && c.verdict != Cell::kNotApplicable) return 1;
  return 0;
}

}  // namespace

Command add_matrix_command(CLI::App& app) {
  auto opts = std::make_shared<MatrixCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "matrix", "Build and run every case on every target, in parallel, checking each\n"
                "against its own expectations (output, exit status, ABI violations).\n"
                "Usage: fvemu matrix [OPTIONS] [CASE_DIRS...]  (default: ./cases)");
  cmd->add_option("CASE_DIRS", opts->dirs,
                  "Directories searched for cases (.go, .c, .S with //! headers), or case files");
  cmd->add_option("--arches", opts->arches, "Comma-separated targets: " + column_names(any_column, ", "))
      ->capture_default_str();
  CLI::Option* list = cmd->add_flag("--list", opts->list,
                                    "List the cases found and their targets, build and run nothing");
  cmd->add_flag("--json", opts->json,
                "With --list: a JSON array, a case (row) per element with every key of its //! header")
      ->needs(list);
  cmd->add_option("-j,--jobs", opts->jobs, "Cells run at once")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--html", opts->html, "Also write a self-contained HTML page to FILE");
  cmd->add_option("--junit", opts->junit, "Also write JUnit XML to FILE (a testcase per case and target)");
  cmd->add_option("--site", opts->sites,
                  "Record the calls at sites or callees matching this regex in every cell, and "
                  "show them target by target in the HTML page");
  CLI::Option* mutate = cmd->add_flag(
      "--mutate", opts->mutate,
      "Also run fvemu mutate on every Go cell that conforms: its mutation score in the cell "
      "(ok N S%), a cell with missed mutants fails (MUT S%)");
  cmd->add_option("--mutate-sites", opts->mutate_sites,
                  "With --mutate: only sites whose function or callee matches this regex "
                  "(fvemu mutate --sites)")
      ->needs(mutate);
  cmd->add_option("--cache", opts->cache,
                  "Where built binaries go (default: $XDG_CACHE_HOME/fvemu/matrix or ~/.cache/fvemu/matrix)");
  cmd->add_option("--toolchain", opts->toolchains,
                  "NAME=GOROOT (repeatable): build the Go cases with GOROOT/bin/go (GOROOT set), "
                  "with each toolchain given instead of the go on PATH: a column per toolchain "
                  "and target (NAME/TARGET)")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->footer("\nExit status: 0 when every cell met its expectations, 1 otherwise, 125 on a usage "
              "error.\nCells: 'ok N' (N func-value calls checked), OUTPUT, ABI, BUILD, n/a (the "
              "toolchain is older than\nthe case's '//! go: 1.N', or has no GO386 for 386-sse2), or - "
              "(not built for that target).\nC and assembly cases build for " + column_names(c_column, ", ") +
              ", once, whatever the toolchains; Go cases for\nevery target with each toolchain, into "
              "CACHE/NAME/TARGET/ (the go on PATH: CACHE/TARGET/).");
  return [opts] { return run(*opts); };
}

}  // namespace fvemu::cli
