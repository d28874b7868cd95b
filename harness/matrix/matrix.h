// `fvemu matrix`: every case on every target, built when missing, run in parallel
// under `fvemu check` (or `fvemu run` for programs no ABI profile applies to), judged
// against the case's own expectations, and rendered as a text table or an HTML page.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/matrix/case_file.h"

namespace fvemu {

struct Cell {
  const CaseFile* c = nullptr;
  std::string target;
  enum Verdict { kOk, kBuildFailed, kOutputWrong, kConformanceWrong } verdict = kOk;
  bool checked = false;          // run under the checker
  uint64_t funcvalue_checked = 0;
  std::vector<std::string> violations;  // "RULE SITE -> CALLEE", as reported
  std::vector<std::string> reports;     // the reports' text (evidence)
  std::vector<std::string> events;      // calls at the chosen sites (MatrixOptions::sites)
  std::string detail;                   // why it failed, one line
  std::string log;                      // build log or fvemu's stderr, when it failed
};

struct MatrixOptions {
  std::vector<std::filesystem::path> dirs;
  std::vector<std::string> targets;
  unsigned jobs = 1;
  std::filesystem::path cache;
  std::filesystem::path fvemu;  // this program, to run cells in their own process
  bool progress_on_tty = true;
  std::string sites;  // regex: record each cell's calls at matching sites (fvemu check --events)
};

std::vector<Cell> run_matrix(const std::vector<CaseFile>& cases, const MatrixOptions& o);

// The text table (rows: cases; columns: targets) and a totals line.
std::string render_text(const std::vector<CaseFile>& cases, const std::vector<std::string>& targets,
                        const std::vector<Cell>& cells);
// A self-contained page: the table; per case with violations or failures, the
// evidence of every target side by side; per case, the call sequences at the chosen
// sites, target by target side by side.
std::string render_html(const std::vector<CaseFile>& cases, const std::vector<std::string>& targets,
                        const std::vector<Cell>& cells, const std::string& sites);
// JUnit XML: one testcase per case and target, a failure for each failed cell.
std::string render_junit(const std::vector<Cell>& cells);

}  // namespace fvemu
