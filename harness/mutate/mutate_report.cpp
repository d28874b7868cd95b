// What `fvemu mutate` prints and writes: the table, JSON and JUnit.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "harness/hex.h"
#include "harness/mutate/mutate.h"
#include "harness/report/xml.h"

namespace fvemu {
namespace {

std::string site_name(const MutationSite& s) { return s.symbol.empty() ? hex(s.site) : s.symbol; }

std::string site_title(const MutateReport& r, const MutantResult& m) {
  return fmt::format("{} {}", site_name(r.sites[m.site]), m.mutation.op);
}

std::vector<std::string> operator_columns(const MutateReport& r) {
  std::vector<std::string> ops;
  for (const MutationOperator& o : mutation_operators())
    if (std::any_of(r.mutants.begin(), r.mutants.end(), [&](const MutantResult& m) { return m.mutation.op == o.name; }))
      ops.emplace_back(o.name);
  return ops;
}

}  // namespace

std::string render_mutate_text(const MutateReport& r) {
  const std::vector<std::string> ops = operator_columns(r);
  std::map<std::pair<size_t, std::string>, const MutantResult*> cell;
  for (const MutantResult& m : r.mutants) cell[{m.site, m.mutation.op}] = &m;
  size_t site_width = 4, callee_width = 6;
  for (const MutationSite& s : r.sites) {
    site_width = std::max(site_width, site_name(s).size());
    callee_width = std::max(callee_width, s.callee.size());
  }
  std::string out = fmt::format("{:<{}}  {:<{}}", "site", site_width, "callee", callee_width);
  for (const std::string& op : ops) out += fmt::format("  {:<{}}", op, std::max<size_t>(op.size(), 11));
  out += "\n";
  for (size_t i = 0; i < r.sites.size(); i++) {
    out += fmt::format("{:<{}}  {:<{}}", site_name(r.sites[i]), site_width, r.sites[i].callee, callee_width);
    for (const std::string& op : ops) {
      const auto it = cell.find({i, op});
      const std::string v = it == cell.end() ? "" : std::string(verdict_name(it->second->verdict));
      out += fmt::format("  {:<{}}", v, std::max<size_t>(op.size(), 11));
    }
    out += "\n";
  }
  bool header = false;
  for (const MutantResult& m : r.mutants) {
    if (m.verdict != MutantResult::kMissed) continue;
    if (!header) out += "\nmissed (the program misbehaved and the checker said nothing at the site):\n";
    header = true;
    out += fmt::format("  {}: {}\n", site_title(r, m), m.mutation.change);
    for (size_t at = 0, end; at < m.evidence.size(); at = end + 1) {
      end = m.evidence.find('\n', at);
      if (end == std::string::npos) end = m.evidence.size();
      out += "    " + m.evidence.substr(at, end - at) + "\n";
    }
  }
  std::map<std::pair<std::string, std::string>, size_t> reasons;
  for (const MutantResult& m : r.mutants)
    if (m.verdict == MutantResult::kNotApplicable) reasons[{m.mutation.op, m.mutation.change}]++;
  if (!reasons.empty()) out += "\nnot applicable:\n";
  for (const auto& [why, n] : reasons)
    out += fmt::format("  {} at {} site{}: {}\n", why.first, n, n == 1 ? "" : "s", why.second);
  return out + "\n" + r.summary_line() + "\n";
}

nlohmann::ordered_json mutate_json(const MutateReport& r) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["program"] = r.program;
  j["arch"] = r.arch;
  j["profile"] = r.profile;
  j["profile_reason"] = r.profile_reason;
  j["first_run"] = {{"outcome", r.baseline_outcome}, {"instructions", r.baseline_insns},
                    {"violations", r.baseline_violations}};
  Json sites = Json::array();
  for (size_t i = 0; i < r.sites.size(); i++) {
    const MutationSite& s = r.sites[i];
    Json mutants = Json::array();
    for (const MutantResult& m : r.mutants) {
      if (m.site != i) continue;
      Json mj{{"operator", m.mutation.op}, {"verdict", std::string(verdict_name(m.verdict))}};
      if (m.mutation.applies()) {
        mj["change"] = m.mutation.change;
        mj["outcome"] = m.outcome;
        mj["evidence"] = m.evidence;
        mj["violations"] = m.violations;
        if (!m.file.empty()) mj["file"] = m.file;
      } else {
        mj["why_not"] = m.mutation.change;
      }
      mutants.push_back(std::move(mj));
    }
    sites.push_back({{"site", hex(s.site)}, {"symbol", s.symbol}, {"where", s.where},
                     {"callee", s.callee}, {"source", s.source}, {"times", s.times},
                     {"callee_reads_context", s.callee_consumes_ctx},
                     {"runtime_assembly", s.runtime_assembly}, {"mutants", std::move(mutants)}});
  }
  j["sites"] = std::move(sites);
  j["mutants"] = r.applicable();
  for (auto v : {MutantResult::kCaught, MutantResult::kMissed, MutantResult::kEquivalent,
                 MutantResult::kNotReached, MutantResult::kNotApplicable}) {
    std::string key(verdict_name(v));
    std::replace(key.begin(), key.end(), ' ', '_');
    if (key == "n/a") key = "not_applicable";
    j[key] = r.count(v);
  }
  j["score"] = r.score();
  return j;
}

std::string render_mutate_junit(const MutateReport& r) {
  std::vector<JunitCase> cases;
  for (const MutantResult& m : r.mutants) {
    if (!m.mutation.applies()) continue;
    JunitCase c{fmt::format("{}.{}", r.arch, site_name(r.sites[m.site])), m.mutation.op, std::nullopt, {},
                fmt::format("{}: {}\n{}", verdict_name(m.verdict), m.mutation.change, m.outcome)};
    if (m.verdict == MutantResult::kMissed) {
      c.failure = fmt::format("missed: {}", m.mutation.change);
      c.failure_body = m.evidence;
    }
    cases.push_back(std::move(c));
  }
  return junit_xml("fvemu mutate", cases);
}

}  // namespace fvemu
