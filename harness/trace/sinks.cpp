#include "harness/trace/sinks.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "emu/guest_error.h"
#include "emu/machine.h"
#include "harness/guest_run.h"
#include "harness/trace/call_record.h"
#include "harness/hex.h"

namespace fvemu {
namespace {

using Json = nlohmann::ordered_json;  // keys in schema order: the same run, the same bytes


Json name_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

void JsonlSink::on_event(const CallEvent& e, Symbolizer& names) {
  const CallRecord r = resolve(arch_, e, names);
  const auto hex_or_null = [](const std::optional<uint64_t>& v) { return v ? Json(hex(*v)) : Json(nullptr); };
  Json j;
  j["seq"] = r.seq;
  j["tid"] = r.tid;
  j["kind"] = std::string(call_kind_name(r.kind));
  j["site"] = hex(r.site);
  j["site_symbol"] = name_or_null(r.site_symbol);
  j["target"] = hex(r.target);
  j["callee_symbol"] = name_or_null(r.callee_symbol);
  j["sp"] = hex(r.sp);
  j["ctx"] = hex(r.ctx);
  j["ctx_symbol"] = name_or_null(r.ctx_symbol);
  j["word0"] = hex_or_null(r.word0);
  j["source"] = is_indirect(r.kind) ? Json(r.source) : Json(nullptr);
  j["file"] = r.where ? Json(r.where->file) : Json(nullptr);
  j["line"] = r.where ? Json(r.where->line) : Json(nullptr);
  // The rest of the event, which the checker judges (check/replay.cpp reads it back).
  j["thumb"] = e.thumb;
  j["target_is_func_value"] = e.target_is_func_value;
  j["target_not_code"] = e.target_not_code;
  j["load_fault"] = hex_or_null(e.load_fault);
  j["load_base"] = hex_or_null(e.load_base);
  j["load_base_word0"] = hex_or_null(e.load_base_word0);
  j["block"] = hex(e.from->addr);
  j["block_size"] = e.from->size;
  j["block_thumb"] = e.from->thumb;
  j["block_code"] = e.from->in_image ? Json(nullptr) : Json(hex_bytes(e.from->code));
  print(j);
  events_++;
}

// The closing line: {"end": "exited"|"killed"|"error", "status": fvemu's exit status,
// "signal", "detail", "events": lines before this one, "instructions", then what was
// traced: "arch", "profile", "kinds", "filtered" (by --filter or --thread), and
// "report": how a killed guest died, as fvemu printed it}.
Json JsonlSink::end_line(const char* end, int status, const std::string& signal,
                         const std::string& detail, uint64_t instructions) const {
  Json j;
  j["end"] = end;
  j["status"] = status;
  j["signal"] = name_or_null(signal);
  j["detail"] = name_or_null(detail);
  j["events"] = events_;
  j["instructions"] = instructions;
  j["arch"] = std::string(arch_.name());
  j["profile"] = std::string(profile_.name);
  Json kinds = Json::array();
  for (CallKind k : filter_.kinds) kinds.push_back(std::string(call_kind_name(k)));
  j["kinds"] = kinds;
  j["filtered"] = filter_.symbols.has_value() || !filter_.threads.empty();
  return j;
}

void JsonlSink::finish(const Machine& m, Symbolizer&) {
  const ExitStatus& s = *m.final_status();
  const bool killed = s.kind == ExitStatus::kKilled;
  Json j = end_line(killed ? "killed" : "exited", s.host_status(), killed ? signal_name(s.code) : "",
                    s.detail, m.instructions());
  j["report"] = killed ? Json(kill_report(m, s)) : Json(nullptr);
  write_end(j);
}

void JsonlSink::finish_with_error(const Machine& m, const std::string& message) {
  Json j = end_line("error", kExitCannotRun, "", message, m.instructions());
  j["report"] = nullptr;
  write_end(j);
}

void JsonlSink::print(const Json& line) {
  fmt::print(out_, "{}\n", line.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void JsonlSink::write_end(const Json& line) {
  if (finished_) return;  // one closing line, whichever way the run ended first
  finished_ = true;
  print(line);
  std::fflush(out_);
}

void SummarySink::on_event(const CallEvent& e, Symbolizer&) {
  const uint64_t key = e.site * 8 + static_cast<uint64_t>(e.kind);
  if (key != last_key_) {
    last_key_ = key;
    last_ = &sites_[key];  // unordered_map elements stay where they are
  }
  Site& s = *last_;
  if (s.count++ == 0) {
    s.site = e.site;
    s.kind = e.kind;
    if (is_indirect(e.kind)) s.source = e.from->source.text();
  }
  for (auto& [target, n] : s.callees)
    if (target == e.target) {
      n++;
      return;
    }
  s.callees.emplace_back(e.target, 1);
}

void SummarySink::finish(const Machine&, Symbolizer& names) {
  std::map<CallKind, std::pair<uint64_t, uint64_t>> by_kind;  // sites, events
  uint64_t total = 0;
  std::vector<Site*> rows;
  for (auto& [key, site] : sites_) {
    by_kind[site.kind].first++;
    by_kind[site.kind].second += site.count;
    total += site.count;
    rows.push_back(&site);
  }
  // Busiest first; ties in address order, so the table is the same on every run.
  std::sort(rows.begin(), rows.end(), [](const Site* a, const Site* b) {
    return a->count != b->count ? a->count > b->count
                                : std::tie(a->site, a->kind) < std::tie(b->site, b->kind);
  });
  std::string kinds;
  for (const auto& [kind, n] : by_kind)
    kinds += fmt::format("{}{} {} at {} sites", kinds.empty() ? "" : ", ", call_kind_name(kind),
                         n.second, n.first);
  fmt::print(out_, "fvemu trace: {} events at {} call sites{}{}\n", total, sites_.size(),
             kinds.empty() ? "" : ": ", kinds);
  if (!rows.empty())
    fmt::print(out_, "{:>9}  {:<5}  {:<40}  {:<24}  {}\n", "count", "kind", "site", "source",
               "callees (count)");
  for (Site* site : rows) {
    const std::string& sym = names.code(site->site);
    std::string where = sym.empty() ? hex(site->site) : sym;
    if (const auto& l = names.line(site->site))
      where += fmt::format(" ({}:{})", l->file.substr(l->file.rfind('/') + 1), l->line);
    auto& callees = site->callees;
    std::sort(callees.begin(), callees.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::string top;
    for (size_t i = 0; i < callees.size() && i < 3; i++) {
      const std::string& c = names.code(callees[i].first);
      top += fmt::format("{}{} ({})", i ? ", " : "", c.empty() ? hex(callees[i].first) : c,
                         callees[i].second);
    }
    if (callees.size() > 3) top += fmt::format(", +{} more", callees.size() - 3);
    fmt::print(out_, "{:>9}  {:<5}  {:<40}  {:<24}  {}\n", site->count,
               call_kind_name(site->kind), where, site->source, top);
  }
  std::fflush(out_);
}

}  // namespace fvemu
