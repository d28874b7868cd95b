// The func-value conformance checker: an EventSink of the tracer that applies the
// profile's rules (docs/rules.md "Rules") to every indirect call and indirect jump,
// and keeps the violations with their evidence. Calls that are not func-value calls
// are classes, counted and never flagged: interface (itab) calls, code compiled from
// C, code the program wrote at run time, and jump tables; runtime assembly keeps its
// own conventions (only the site rule judges it).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "emu/address_slot.h"
#include "emu/elf/image_view.h"
#include "harness/check/context_use.h"
#include "harness/profile/profile.h"
#include "harness/trace/tracer.h"

namespace fvemu {

struct Violation {
  std::string rule;  // "entry", "site", "step1", "target"
  std::string arch;
  uint64_t site = 0, target = 0;
  std::string site_symbol, callee_symbol;
  std::optional<SourceLines::Location> where;  // of the site
  std::string source;                 // how the target was built (TargetSource::text)
  std::vector<std::string> listing;   // the instructions of the site's block
  std::string reg;                    // the register the rule is about
  uint64_t reg_value = 0;
  std::optional<uint64_t> word0;      // the word it points at
  std::string what;                   // one sentence: what was wrong
  uint64_t times = 1;                 // how often this (rule, site, target) happened

  std::string text() const;  // the report a person reads (several lines)
};

struct CheckCounts {
  uint64_t events = 0;            // indirect calls and jumps seen
  uint64_t sites = 0;             // distinct sites among them
  uint64_t funcvalue_checked = 0; // events a rule applied to
  uint64_t runtime_asm = 0;       // sites in runtime assembly (never flagged)
  uint64_t itab = 0;              // indirect calls through an itab's fun[] slot: interface calls
  uint64_t jump_tables = 0;       // indirect jumps through an indexed table
  uint64_t c_code = 0;            // sites in code compiled from C (Go <= 1.4's runtime: 6c, 8c, 5c)
  uint64_t generated_code = 0;    // sites outside the image: code written at run time
  uint64_t violations = 0;        // distinct (rule, site, target)
};

class Checker final : public EventSink {
 public:
  // `image`: the program's, whose functions the entry rule decodes.
  Checker(const ImageView& image, const Profile& profile);
  void on_event(const CallEvent& e, Symbolizer& names) override;
  bool wants_load_faults() const override { return true; }
  const std::vector<Violation>& violations() const { return violations_; }
  const CheckCounts& counts() const { return counts_; }
  // "call sites seen: 123, func-value calls checked: 456, violations: 0"
  std::string summary_line() const;

  // What a call site is, decided once per site.
  enum class SiteClass : uint8_t { kGo, kRuntimeAsm, kCCode, kGenerated, kItab, kJumpTable };
  // How a site seen so far was classified.
  std::optional<SiteClass> site_class(uint64_t site) const {
    auto it = sites_seen_.find(site);
    return it == sites_seen_.end() ? std::nullopt : std::optional<SiteClass>(it->second);
  }
  // Whether the entry rule applied to a target seen so far: it reads the register.
  bool consumes_context(uint64_t target) const {
    auto it = entry_applies_.find(target);
    return it != entry_applies_.end() && it->second;
  }

 private:
  SiteClass classify_site(const CallEvent& e, Symbolizer& names);
  void count_site(SiteClass c);
  bool is_itab_call(const CallEvent& e) const;
  bool in_runtime_assembly(uint64_t addr, Symbolizer& names);
  bool is_function_entry(uint64_t addr, Symbolizer& names);
  bool is_code(uint64_t addr, Symbolizer& names);
  // Whether the entry rule applies to `target` (a function entry, not runtime
  // assembly, that consumes the context register); once per target: every event
  // asks, and the busiest programs make tens of millions of calls.
  bool entry_rule_applies(uint64_t target, bool thumb, Symbolizer& names);
  bool check_entry(const CallEvent& e, Symbolizer& names);  // true: the rule applied
  // `go_code`: the site is compiled Go (SiteClass::kGo).
  bool check_site(const CallEvent& e, Symbolizer& names, bool go_code);  // true: the rule applied
  bool check_other_word(const CallEvent& e, Symbolizer& names, bool go_code);  // part of check_site
  static bool is_func_value_load(const TargetSource& src);
  bool check_step1(const CallEvent& e, Symbolizer& names);  // true: the rule applied
  void check_target(const CallEvent& e, Symbolizer& names);
  void check_load_fault(const CallEvent& e, Symbolizer& names);
  // What an indirect call's target is, as rule target sees it; once per target.
  enum class TargetKind : uint8_t { kCode, kData, kInsideFunction };
  TargetKind target_kind(uint64_t target, Symbolizer& names);
  bool goes_to_func_value_itself(const CallEvent& e) const;
  void report(std::string rule, const CallEvent& e, Symbolizer& names, std::string reg,
              uint64_t reg_value, std::optional<uint64_t> word0, std::string what);

  const Arch& arch_;
  ImageView image_;
  const Profile& profile_;
  std::string ctx_;
  ContextUse context_use_;
  std::vector<Violation> violations_;
  std::map<std::tuple<std::string, uint64_t, uint64_t>, size_t> seen_violations_;
  std::unordered_map<uint64_t, SiteClass> sites_seen_;
  std::unordered_map<uint64_t, bool> entry_applies_;  // target -> entry_rule_applies
  std::unordered_map<uint64_t, TargetKind> target_kinds_;
  // Both asked at every event: direct-mapped copies of their recent answers in front.
  template <typename Answer>
  struct Memo {
    uint64_t addr = ~0ull;
    Answer answer{};
  };
  static constexpr unsigned kMemoBits = 10;
  static constexpr size_t kMemoSlots = size_t{1} << kMemoBits;
  template <typename Answer>
  static Memo<Answer>& memo(std::array<Memo<Answer>, kMemoSlots>& table, uint64_t addr) {
    return table[address_slot<kMemoBits>(addr)];
  }
  std::array<Memo<SiteClass>, kMemoSlots> site_memo_{};
  std::array<Memo<bool>, kMemoSlots> entry_memo_{};
  std::array<Memo<TargetKind>, kMemoSlots> target_memo_{};
  CheckCounts counts_;
};

}  // namespace fvemu
