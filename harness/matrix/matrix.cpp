#include "harness/matrix/matrix.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "harness/check/report.h"
#include "harness/matrix/builder.h"

namespace fs = std::filesystem;

namespace fvemu {
namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l == line) return true;
  return false;
}

std::string column_name(const Toolchain* t, const std::string& target) {
  return t && !t->name.empty() ? t->name + "/" + target : target;
}

// What the case gives every run of it: its directories, environment, program and
// arguments, after the command's own options in `argv`.
std::vector<std::string> with_case_run(std::vector<std::string> argv, const CaseFile& c,
                                       const fs::path& binary) {
  for (const std::string& d : c.ro) argv.insert(argv.end(), {"--ro", d});
  for (const std::string& d : c.rw) argv.insert(argv.end(), {"--rw", d});
  for (const std::string& e : c.env) argv.insert(argv.end(), {"--env", e});
  argv.push_back(binary.string());
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  return argv;
}

std::vector<std::string> command_for(const CaseFile& c, const MatrixOptions& o,
                                     const fs::path& binary, const fs::path& out, bool check) {
  std::vector<std::string> argv = {o.fvemu.string(), check ? "check" : "run", "--stdout", out.string()};
  if (check) {
    argv.push_back("--json");
    if (!c.profile.empty()) argv.insert(argv.end(), {"--profile", c.profile});
    if (!o.sites.empty()) argv.insert(argv.end(), {"--events", o.sites});
  }
  return with_case_run(std::move(argv), c, binary);
}

// --mutate: `fvemu mutate` on a conforming cell, one mutant at a time (the matrix runs
// cells in parallel already).
// `run`: the cell's stdout file, beside which its mutation report goes.
void mutate_cell(Cell& cell, const MatrixOptions& o, const fs::path& binary, const fs::path& run) {
  const CaseFile& c = *cell.c;
  const fs::path json = fs::path(run).replace_extension(".mutate.json");
  std::vector<std::string> argv = {o.fvemu.string(), "mutate", "-j", "1", "--json", json.string()};
  if (!c.profile.empty()) argv.insert(argv.end(), {"--profile", c.profile});
  if (!o.mutate_sites.empty()) argv.insert(argv.end(), {"--sites", o.mutate_sites});
  std::string output;
  const int status = run_command(with_case_run(std::move(argv), c, binary), {}, c.source.parent_path(),
                                 output, fs::path(run).replace_extension(".mutate.txt"));
  const nlohmann::json r = nlohmann::json::parse(read_file(json), nullptr, false);
  if ((status != 0 && status != 11) || r.is_discarded() || !r.is_object()) {
    cell.verdict = Cell::kOutputWrong;
    cell.detail = fmt::format("fvemu mutate failed (status {})", status);
    cell.log = output;
    return;
  }
  Cell::Mutation m;
  m.mutants = r["mutants"].get<size_t>();
  m.caught = r["caught"].get<size_t>();
  m.missed = r["missed"].get<size_t>();
  m.equivalent = r["equivalent"].get<size_t>();
  m.score = r["score"].get<double>();
  for (const auto& site : r["sites"])
    for (const auto& mu : site["mutants"])
      if (mu["verdict"] == "missed")
        m.missed_mutants.push_back(fmt::format("{} {}: {}\n  {}", site["symbol"].get<std::string>(),
                                               mu["operator"].get<std::string>(),
                                               mu["change"].get<std::string>(),
                                               mu["evidence"].get<std::string>()));
  if (m.missed > 0) {
    cell.verdict = Cell::kMutantsMissed;
    cell.detail = fmt::format("{} of {} mutants missed (score {:.1f}%)", m.missed, m.mutants, m.score);
  }
  cell.mutation = std::move(m);
}

void judge(Cell& cell, int status, const std::string& guest_stdout, const std::string& json,
           const std::string& output) {
  const CaseFile& c = *cell.c;
  int guest_status = status;
  if (cell.checked) {
    const nlohmann::json report = nlohmann::json::parse(json, nullptr, false);
    if (report.is_discarded() || !report.is_object()) {
      cell.verdict = Cell::kOutputWrong;
      cell.detail = fmt::format("fvemu check gave no report (status {})", status);
      cell.log = output;
      return;
    }
    guest_status = report["exit_status"].get<int>();
    if (report.contains("events")) cell.events = report["events"].get<std::vector<std::string>>();
    cell.funcvalue_checked = report["funcvalue_calls_checked"].get<uint64_t>();
    cell.profile = report["profile"].get<std::string>();
    cell.profile_reason = report["profile_reason"].get<std::string>();
    for (const auto& v : report["violations"]) {
      auto name = [&v](const char* symbol, const char* addr) {
        return v[symbol].is_null() ? v[addr].get<std::string>() : v[symbol].get<std::string>();
      };
      cell.violations.push_back(fmt::format("{} {} -> {}", v["rule"].get<std::string>(),
                                            name("site_symbol", "site"), name("callee_symbol", "target")));
      cell.reports.push_back(fmt::format("{}\n{}", v["what"].get<std::string>(),
                                         fmt::join(v["instructions"].get<std::vector<std::string>>(), "\n")));
    }
  }
  std::vector<std::string> missing;
  for (const std::string& line : c.stdout_lines)
    if (!has_line(guest_stdout, line)) missing.push_back(line);
  if (guest_status != c.exit || !missing.empty()) {
    cell.verdict = Cell::kOutputWrong;
    cell.detail = guest_status != c.exit
                      ? fmt::format("exit {}, expected {}", guest_status, c.exit)
                      : fmt::format("no stdout line '{}'", missing.front());
    cell.log = output;
  } else if (!violations_match(c.expected_violations(), cell.violations)) {
    cell.verdict = Cell::kConformanceWrong;
    cell.detail = fmt::format("{} violation(s) reported, {} expected", cell.violations.size(),
                              c.expected_violations().size());
  }
}

Cell run_cell(const CaseFile& c, const Toolchain* toolchain, const std::string& target,
              const MatrixOptions& o) {
  Cell cell;
  cell.c = &c;
  cell.toolchain = toolchain;
  cell.target = target;
  if (toolchain) cell.detail = not_applicable(*toolchain, c, target);
  if (!cell.detail.empty()) {
    cell.verdict = Cell::kNotApplicable;
    return cell;
  }
  const BuildResult built = build_case(c, target, o.cache, toolchain ? *toolchain : Toolchain{});
  if (!built.ok) {
    cell.verdict = Cell::kBuildFailed;
    cell.detail = "build failed";
    cell.log = built.log;
    return cell;
  }
  // Go programs are checked with their own profile; others when the case names one.
  cell.checked = c.language == CaseFile::kGo || !c.profile.empty();
  const fs::path out = o.cache / "runs" / cell.column() / (c.name + ".stdout");
  const fs::path json = o.cache / "runs" / cell.column() / (c.name + ".json");
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  std::string output;
  const int status = run_command(command_for(c, o, built.binary, out, cell.checked), {},
                                 c.source.parent_path(), output, json);
  judge(cell, status, read_file(out), read_file(json), output);
  if (o.mutate && c.language == CaseFile::kGo && cell.verdict == Cell::kOk && cell.violations.empty())
    mutate_cell(cell, o, built.binary, out);
  return cell;
}

std::string cell_text(const Cell& cell) {
  switch (cell.verdict) {
    case Cell::kOk:
      if (cell.mutation) return fmt::format("ok {} {:.0f}%", cell.funcvalue_checked, cell.mutation->score);
      return cell.checked ? fmt::format("ok {}", cell.funcvalue_checked) : "ok";
    case Cell::kMutantsMissed: return fmt::format("MUT {:.0f}%", cell.mutation->score);
    case Cell::kBuildFailed: return "BUILD";
    case Cell::kOutputWrong: return "OUTPUT";
    case Cell::kConformanceWrong: return fmt::format("ABI {}", cell.violations.size());
    case Cell::kNotApplicable: return "n/a";
  }
  return "";
}

bool failed(const Cell& c) { return c.verdict != Cell::kOk && c.verdict != Cell::kNotApplicable; }

// What a failed or violating cell has to show: why it failed, then each violation
// with its evidence.
std::string evidence(const Cell& cell) {
  std::string body;
  if (failed(cell)) body += cell.detail + "\n" + cell.log + "\n";
  for (size_t i = 0; i < cell.violations.size(); i++)
    body += cell.violations[i] + "\n" + cell.reports[i] + "\n\n";
  if (cell.mutation)
    for (const std::string& missed : cell.mutation->missed_mutants) body += "missed: " + missed + "\n\n";
  return body;
}

// Cells by case and column.
using CellIndex = std::map<std::pair<const CaseFile*, std::string>, const Cell*>;
CellIndex index(const std::vector<Cell>& cells) {
  CellIndex by;
  for (const Cell& c : cells) by[{c.c, c.column()}] = &c;
  return by;
}

bool named(const std::vector<Toolchain>& toolchains) {
  return std::any_of(toolchains.begin(), toolchains.end(), [](const Toolchain& t) { return !t.name.empty(); });
}

}  // namespace

std::string Cell::column() const { return column_name(toolchain, target); }

std::vector<Cell> run_matrix(const std::vector<CaseFile>& cases, const MatrixOptions& o) {
  struct Work {
    const CaseFile* c;
    const Toolchain* toolchain;
    std::string target;
  };
  std::vector<Work> work;
  for (const CaseFile& c : cases) {
    if (c.language != CaseFile::kGo || o.toolchains.empty()) {
      for (const std::string& t : c.targets) work.push_back({&c, nullptr, t});
      continue;
    }
    for (const Toolchain& tc : o.toolchains)
      for (const std::string& t : c.targets) work.push_back({&c, &tc, t});
  }
  std::vector<Cell> cells(work.size());
  std::atomic<size_t> next{0};
  std::mutex progress;
  size_t done = 0;
  const bool tty = o.progress_on_tty && ::isatty(STDERR_FILENO);
  auto worker = [&] {
    for (size_t i; (i = next++) < work.size();) {
      cells[i] = run_cell(*work[i].c, work[i].toolchain, work[i].target, o);
      std::lock_guard<std::mutex> lock(progress);
      ++done;
      const std::string line = fmt::format("[{:>4}/{}] {:<40} {:<8} {}", done, work.size(),
                                           work[i].c->name, cells[i].column(), cell_text(cells[i]));
      if (tty) fmt::print(stderr, "\r\033[K{}", line);
      else fmt::print(stderr, "{}\n", line);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < std::max(1u, o.jobs); j++) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  if (tty) fmt::print(stderr, "\r\033[K");
  return cells;
}

std::vector<MatrixTable> matrix_tables(const std::vector<CaseFile>& cases, const MatrixOptions& o) {
  std::vector<MatrixTable> tables;
  if (!named(o.toolchains)) {
    tables.push_back({{}, o.targets});
    for (const CaseFile& c : cases) tables[0].cases.push_back(&c);
    return tables;
  }
  MatrixTable go, others{{}, o.targets};
  for (const Toolchain& tc : o.toolchains)
    for (const std::string& t : o.targets) go.columns.push_back(column_name(&tc, t));
  for (const CaseFile& c : cases) (c.language == CaseFile::kGo ? go : others).cases.push_back(&c);
  for (MatrixTable* t : {&go, &others})
    if (!t->cases.empty()) tables.push_back(std::move(*t));
  return tables;
}

std::string render_text(const std::vector<MatrixTable>& tables, const std::vector<Cell>& cells) {
  const CellIndex by = index(cells);
  size_t width = 4;
  for (const MatrixTable& table : tables)
    for (const CaseFile* c : table.cases) width = std::max(width, c->name.size());
  std::string s;
  size_t ok = 0, bad = 0, na = 0, checked = 0;
  for (const MatrixTable& table : tables) {
    if (&table != &tables.front()) s += "\n";
    s += fmt::format("{:<{}}", "case", width);
    for (const std::string& col : table.columns) s += fmt::format("  {:>{}}", col, std::max<size_t>(10, col.size()));
    s += "\n";
    for (const CaseFile* c : table.cases) {
      s += fmt::format("{:<{}}", c->name, width);
      for (const std::string& col : table.columns) {
        auto it = by.find({c, col});
        s += fmt::format("  {:>{}}", it == by.end() ? "-" : cell_text(*it->second),
                         std::max<size_t>(10, col.size()));
        if (it == by.end()) continue;
        const Cell& cell = *it->second;
        cell.verdict == Cell::kOk ? ok++ : cell.verdict == Cell::kNotApplicable ? na++ : bad++;
        checked += cell.funcvalue_checked;
      }
      s += "\n";
    }
  }
  s += fmt::format("\nmatrix: {} cells: {} ok, {} failed{}; func-value calls checked: {}\n"
                   "(ok N: output and conformance as expected, N func-value calls checked, and "
                   "with --mutate the mutation score; OUTPUT, ABI, BUILD, MUT (mutants missed): "
                   "what failed; {}-: not built for that target)\n",
                   ok + bad + na, ok, bad, na ? fmt::format(", {} n/a", na) : "", checked,
                   na ? "n/a: the toolchain is too old for the case or target; " : "");
  for (const Cell& c : cells)
    if (failed(c)) s += fmt::format("  {} {}: {}\n", c.c->name, c.column(), c.detail);
  for (const Cell& c : cells)
    if (c.mutation)
      for (const std::string& missed : c.mutation->missed_mutants)
        s += fmt::format("  {} {}: missed {}\n", c.c->name, c.column(), missed);
  return s;
}

// One row of <pre> cells, column by column, with what `text` gives for each cell.
template <typename Text>
std::string side_by_side(const CaseFile& c, const std::vector<std::string>& columns, const CellIndex& by,
                         Text text) {
  std::string h = "<table><tr>";
  for (const std::string& col : columns) h += "<th>" + xml_escaped(col) + "</th>";
  h += "</tr><tr>";
  for (const std::string& col : columns) {
    auto it = by.find({&c, col});
    h += "<td><pre>" + xml_escaped(it == by.end() ? "" : text(*it->second)) + "</pre></td>";
  }
  return h + "</tr></table>\n";
}

namespace {

// A checked cell's profile and why, shown when the pointer rests on it.
std::string profile_title(const Cell& c) {
  if (c.profile.empty()) return {};
  return " title=\"" + xml_escaped(fmt::format("profile {}: {}", c.profile, c.profile_reason)) + "\"";
}

}  // namespace

std::string render_html(const std::vector<MatrixTable>& tables, const std::vector<Cell>& cells,
                        const std::string& sites) {
  const CellIndex by = index(cells);
  std::string h =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>fvemu matrix</title><style>"
      "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
      "td,th{border:1px solid #ccc;padding:3px 8px;vertical-align:top}"
      ".ok{background:#dfd}.bad{background:#fcc}.na{color:#aaa}"
      "pre{margin:0;font-size:12px;white-space:pre-wrap}</style></head><body>\n"
      "<h1>fvemu matrix</h1>\n<p>Each cell: whether the program met its expectations (output, "
      "exit status, and exactly the expected ABI violations) and how many func-value calls "
      "were checked.</p>\n";
  for (const MatrixTable& table : tables) {
    h += "<table><tr><th>case</th>";
    for (const std::string& col : table.columns) h += "<th>" + xml_escaped(col) + "</th>";
    h += "</tr>\n";
    for (const CaseFile* c : table.cases) {
      h += "<tr><td>" + xml_escaped(c->name) + "</td>";
      for (const std::string& col : table.columns) {
        auto it = by.find({c, col});
        if (it == by.end()) h += "<td class=\"na\">-</td>";
        else if (it->second->verdict == Cell::kNotApplicable)
          h += "<td class=\"na\" title=\"" + xml_escaped(it->second->detail) + "\">n/a</td>";
        else h += fmt::format("<td class=\"{}\"{}>{}</td>", failed(*it->second) ? "bad" : "ok",
                              profile_title(*it->second), xml_escaped(cell_text(*it->second)));
      }
      h += "</tr>\n";
    }
    h += "</table>\n";
  }
  h += "<h2>Violations and failures, the targets side by side</h2>\n";
  // A section per case for which some cell has something to show.
  auto sections = [&](auto shows, auto text) {
    for (const MatrixTable& table : tables)
      for (const CaseFile* c : table.cases) {
        if (std::none_of(cells.begin(), cells.end(),
                         [&](const Cell& cell) { return cell.c == c && shows(cell); }))
          continue;
        h += "<h3>" + xml_escaped(c->name) + "</h3>\n" + side_by_side(*c, table.columns, by, text);
      }
  };
  sections([](const Cell& cell) { return failed(cell) || !cell.violations.empty(); }, evidence);
  if (!sites.empty()) {
    h += "<h2>Call sequences at sites matching <code>" + xml_escaped(sites) + "</code></h2>\n";
    sections([](const Cell& cell) { return !cell.events.empty(); },
             [](const Cell& cell) { return fmt::format("{}", fmt::join(cell.events, "\n")); });
  }
  return h + "</body></html>\n";
}

std::string render_junit(const std::vector<Cell>& cells) {
  std::vector<JunitCase> cases;
  for (const Cell& c : cells) {
    if (c.verdict == Cell::kNotApplicable) continue;
    const bool named = c.toolchain && !c.toolchain->name.empty();
    JunitCase j{c.target, named ? fmt::format("{} [{}]", c.c->name, c.toolchain->name) : c.c->name,
                std::nullopt, {},
                c.profile.empty() ? cell_text(c)
                                  : fmt::format("{}\nprofile {}: {}", cell_text(c), c.profile, c.profile_reason)};
    if (failed(c)) {
      j.failure = c.detail;
      j.failure_body = evidence(c);
    }
    cases.push_back(std::move(j));
  }
  return junit_xml("fvemu matrix", cases);
}

}  // namespace fvemu
