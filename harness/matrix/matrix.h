// `fvemu matrix`: every case on every target, built when missing, run in parallel
// under `fvemu check` (or `fvemu run` for programs no ABI profile applies to), judged
// against the case's own expectations, and rendered as a text table or an HTML page.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/matrix/case_file.h"
#include "harness/matrix/toolchain.h"

namespace fvemu {

struct Cell {
  const CaseFile* c = nullptr;
  const Toolchain* toolchain = nullptr;  // what a Go case was built with; null for others
  std::string target;
  // kNotApplicable: the toolchain is too old for the case or target (not built).
  // kMutantsMissed: with --mutate, some mutant misbehaved and the checker said nothing.
  enum Verdict { kOk, kBuildFailed, kOutputWrong, kConformanceWrong, kNotApplicable, kMutantsMissed } verdict = kOk;
  bool checked = false;          // run under the checker
  uint64_t funcvalue_checked = 0;
  std::string profile, profile_reason;  // the profile checked, and why (fvemu check --json)
  std::vector<std::string> violations;  // "RULE SITE -> CALLEE", as reported
  std::vector<std::string> reports;     // the reports' text (evidence)
  std::vector<std::string> events;      // calls at the chosen sites (MatrixOptions::sites)
  // With --mutate (fvemu mutate --json): the mutation score of a conforming Go cell.
  struct Mutation {
    size_t mutants = 0, caught = 0, missed = 0, equivalent = 0;
    double score = 100;
    std::vector<std::string> missed_mutants;  // "SITE OPERATOR: change\n  evidence"
  };
  std::optional<Mutation> mutation;
  std::string detail;                   // why it failed, one line
  std::string log;                      // build log or fvemu's stderr, when it failed

  // "NAME/target" for a named toolchain's cell, else the target: its table column.
  std::string column() const;
};

struct MatrixOptions {
  std::vector<std::filesystem::path> dirs;
  std::vector<std::string> targets;
  // Go cases are built with each (at least one: path_toolchain() when none is named).
  std::vector<Toolchain> toolchains;
  unsigned jobs = 1;
  std::filesystem::path cache;
  std::filesystem::path fvemu;  // this program, to run cells in their own process
  bool progress_on_tty = true;
  std::string sites;  // regex: record each cell's calls at matching sites (fvemu check --events)
  // Also measure each conforming Go cell's mutation score (fvemu mutate), its sites
  // restricted to those matching mutate_sites when given.
  bool mutate = false;
  std::string mutate_sites;
};

std::vector<Cell> run_matrix(const std::vector<CaseFile>& cases, const MatrixOptions& o);

// What the matrix shows: one table, a column per target; with named toolchains, the Go
// cases in a table of their own with a column per toolchain and target ("go1.21/386"),
// and the other cases, which no toolchain builds, once in a table of targets.
struct MatrixTable {
  std::vector<const CaseFile*> cases;
  std::vector<std::string> columns;
};
std::vector<MatrixTable> matrix_tables(const std::vector<CaseFile>& cases, const MatrixOptions& o);

// The text tables (rows: cases) and a totals line.
std::string render_text(const std::vector<MatrixTable>& tables, const std::vector<Cell>& cells);
// A self-contained page: the tables; per case with violations or failures, the
// evidence of every column side by side; per case, the call sequences at the chosen
// sites, column by column side by side.
std::string render_html(const std::vector<MatrixTable>& tables, const std::vector<Cell>& cells,
                        const std::string& sites);
// JUnit XML: one testcase per applicable cell (classname: the target; name: the case,
// and [TOOLCHAIN] for a named toolchain's), a failure for each failed cell.
std::string render_junit(const std::vector<Cell>& cells);

}  // namespace fvemu
