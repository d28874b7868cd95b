#include "harness/check/report.h"

#include <fmt/format.h>

#include "emu/guest_error.h"
#include "harness/hex.h"

namespace fvemu {
namespace {


std::string outcome(const ExitStatus& s) {
  return s.kind == ExitStatus::kExited ? fmt::format("exited {}", s.code)
                                       : fmt::format("killed by {}", signal_name(s.code));
}

}  // namespace

int check_status(const ExitStatus& s, size_t violations, int run_status) {
  if (violations > 0) return kExitViolations;
  return s.kind == ExitStatus::kExited && s.code == 0 ? 0 : run_status;
}

nlohmann::ordered_json report_json(const CheckReport& r) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["program"] = r.program;
  j["arch"] = r.arch;
  j["profile"] = r.profile;
  j["profile_reason"] = r.profile_reason;
  j["outcome"] = outcome(r.status);
  j["exit_status"] = r.status.host_status();  // as a shell reports it: N, or 128+signal
  j["call_sites_seen"] = r.counts.sites;
  j["funcvalue_calls_checked"] = r.counts.funcvalue_checked;
  j["runtime_assembly_sites"] = r.counts.runtime_asm;
  j["interface_call_sites"] = r.counts.itab;
  j["jump_table_sites"] = r.counts.jump_tables;
  j["c_code_sites"] = r.counts.c_code;
  j["generated_code_sites"] = r.counts.generated_code;
  j["violations"] = Json::array();
  for (const Violation& v : r.violations) {
    Json jv;
    jv["rule"] = v.rule;
    jv["arch"] = v.arch;
    jv["site"] = hex(v.site);
    jv["site_symbol"] = v.site_symbol.empty() ? Json(nullptr) : Json(v.site_symbol);
    jv["file"] = v.where ? Json(v.where->file) : Json(nullptr);
    jv["line"] = v.where ? Json(v.where->line) : Json(nullptr);
    jv["target"] = hex(v.target);
    jv["callee_symbol"] = v.callee_symbol.empty() ? Json(nullptr) : Json(v.callee_symbol);
    jv["register"] = v.reg;
    jv["register_value"] = hex(v.reg_value);
    jv["word0"] = v.word0 ? Json(hex(*v.word0)) : Json(nullptr);
    jv["source"] = v.source.empty() ? Json(nullptr) : Json(v.source);
    jv["instructions"] = v.listing;
    jv["what"] = v.what;
    jv["times"] = v.times;
    j["violations"].push_back(jv);
  }
  if (!r.events.empty()) j["events"] = r.events;
  return j;
}

void write_junit_file(const std::string& path, const std::vector<CheckReport>& reports) {
  std::vector<JunitCase> cases;
  for (const CheckReport& r : reports) {
    JunitCase c{r.arch, r.program, std::nullopt, {},
                fmt::format("{}: call sites seen {}, func-value calls checked {}", outcome(r.status),
                            r.counts.sites, r.counts.funcvalue_checked)};
    if (!r.violations.empty()) {
      c.failure = fmt::format("{} violation(s) of the {} profile", r.violations.size(), r.profile);
      for (const Violation& v : r.violations) c.failure_body += v.text() + "\n";
    }
    cases.push_back(std::move(c));
  }
  write_text_file(path, junit_xml("fvemu check", cases), "--junit");
}

}  // namespace fvemu
