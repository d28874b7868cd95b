#include "harness/check/checker.h"

#include <algorithm>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "harness/hex.h"

namespace fvemu {
namespace {


std::string name_or_hex(const std::string& name, uint64_t addr) {
  return name.empty() ? hex(addr) : name;
}

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::string Violation::text() const {
  std::string s = fmt::format("{}: rule {} at {} ({})", arch, rule, name_or_hex(site_symbol, site),
                              hex(site));
  if (where) s += fmt::format(", {}:{}", where->file, where->line);
  s += fmt::format("\n  {}\n  callee: {} ({})\n", what, name_or_hex(callee_symbol, target), hex(target));
  s += fmt::format("  {} = {}, word 0 = {}\n", reg, hex(reg_value),
                   word0 ? hex(*word0) : std::string("(not mapped)"));
  if (!source.empty()) s += fmt::format("  target built as: {}\n", source);
  for (const std::string& line : listing) s += "    " + line + "\n";
  if (times > 1) s += fmt::format("  ({} times)\n", times);
  return s;
}

Checker::Checker(const ImageView& image, const Profile& profile)
    : arch_(image.arch()),
      image_(image),
      profile_(profile),
      ctx_(profile.context_register(arch_)),
      context_use_(image, ctx_) {}

std::string Checker::summary_line() const {
  return fmt::format("call sites seen: {}, func-value calls checked: {}, violations: {}",
                     counts_.sites, counts_.funcvalue_checked, counts_.violations);
}

bool Checker::in_runtime_assembly(uint64_t addr, Symbolizer& names) {
  // Go's runtime assembly (asm_amd64.s, ...): its own conventions, never flagged.
  const auto& where = names.line(addr);
  return where && ends_with(where->file, ".s");
}

// Whether `addr` (where a word 0 points) is a function's entry, as a func
// value's word 0 is, and not merely executable: Go <= 1.4's linkers put read-only data
// (type descriptors, which itabs and interface values point at) in the text segment.
bool Checker::is_code(uint64_t addr, Symbolizer& names) {
  return image_.executable(addr) && names.data(addr).empty() && is_function_entry(addr, names);
}

bool Checker::is_function_entry(uint64_t addr, Symbolizer& names) {
  const std::string& sym = names.code(addr);
  return !sym.empty() && sym.find('+') == std::string::npos;
}

// An interface call loads its target from a method slot of an itab: [R+n], n > 0.
// Go >= 1.1 keeps the func value elsewhere than the itab's register, so any such load
// not from the context register is one; step 1 may hold the itab in the func value
// register (AX, R0), so there only a load at or past Itab.fun (the era's runtime.h:
// three pointers, then two int32) is one, and other offsets stay judged.
bool Checker::is_itab_call(const CallEvent& e) const {
  const TargetSource& src = e.from->source;
  if (e.kind != CallKind::kIndirectCall || src.end != TargetSource::kLoad || src.mem.disp <= 0)
    return false;
  // A literal (ARM's ldr r1, =fn: [PC+n]) or a stack slot holds no itab.
  if (src.mem.base.empty() || src.mem.base == "PC" || src.mem.base == "SP") return false;
  if (!profile_.step1_rule) return src.mem.base != ctx_;
  const int64_t fun = 3 * int64_t{arch_.word_size()} + 8;
  return src.mem.disp >= fun;
}

Checker::SiteClass Checker::classify_site(const CallEvent& e, Symbolizer& names) {
  // Code the program wrote at run time lies outside its image: the 2013
  // runtime.closure's heap code (closure_$GOARCH.c), reflect.MakeFunc's stub before
  // golang/go b1b67a3, a JIT. Its calls are its own business.
  if (!e.from->in_image) return SiteClass::kGenerated;
  if (in_runtime_assembly(e.site, names)) return SiteClass::kRuntimeAsm;
  // Go <= 1.4's runtime is partly C (6c, 8c, 5c), whose indirect calls are C function
  // pointers (FixAlloc's first(), Alg's hash, iface.c's copyin) with no func value;
  // its .goc files are C too, after goc2c (time.goc's timerproc calls t->f).
  const auto& where = names.line(e.site);
  if (where && (ends_with(where->file, ".c") || ends_with(where->file, ".goc")))
    return SiteClass::kCCode;
  if (e.kind == CallKind::kIndirectJump && !e.from->source.mem.index.empty())
    return SiteClass::kJumpTable;
  if (is_itab_call(e)) return SiteClass::kItab;
  return SiteClass::kGo;
}

void Checker::count_site(SiteClass c) {
  counts_.sites++;
  switch (c) {
    case SiteClass::kRuntimeAsm: counts_.runtime_asm++; break;
    case SiteClass::kCCode: counts_.c_code++; break;
    case SiteClass::kGenerated: counts_.generated_code++; break;
    case SiteClass::kItab: counts_.itab++; break;
    case SiteClass::kJumpTable: counts_.jump_tables++; break;
    case SiteClass::kGo: break;
  }
}

void Checker::on_event(const CallEvent& e, Symbolizer& names) {
  // Only func values enter a function through a computed target. A direct call to a
  // function that reads the register is an ordinary argument in C ABIs (the third
  // on amd64, regparm's second on 386); Go 1.19 calls known closures directly with
  // their captured variables as arguments instead (cmd/compile walk/closure.go).
  // So no rule judges direct calls, and the session does not trace them.
  if (!is_indirect(e.kind)) return;
  counts_.events++;
  Memo<SiteClass>& site = memo(site_memo_, e.site);
  if (site.addr != e.site) {
    auto [seen, fresh] = sites_seen_.try_emplace(e.site, SiteClass::kGo);
    if (fresh) {
      seen->second = classify_site(e, names);
      count_site(seen->second);
    }
    site = Memo<SiteClass>{e.site, seen->second};
  }
  // Calls made by C code and generated code are not func-value calls, whatever their
  // registers hold: no site rule. The entry rule is about the callee and holds for
  // every caller.
  const SiteClass c = site.answer;
  const bool judged_site = c != SiteClass::kCCode && c != SiteClass::kGenerated;
  if (e.load_fault) {  // the transfer never ran: only its load can be judged
    if (profile_.target_rule && (c == SiteClass::kGo || c == SiteClass::kRuntimeAsm))
      check_load_fault(e, names);
    return;
  }
  // Each rule gives its own verdict; the event counts once as a func-value call.
  bool checked = false;
  if (profile_.site_rule && judged_site) checked |= check_site(e, names, c == SiteClass::kGo);
  if (profile_.entry_rule) checked |= check_entry(e, names);
  if (profile_.step1_rule && (c == SiteClass::kGo)) checked |= check_step1(e, names);
  // Not counted as a func-value check: it holds for interface calls too.
  if (profile_.target_rule && judged_site && c != SiteClass::kJumpTable) check_target(e, names);
  counts_.funcvalue_checked += checked;
}

// Whether a transfer's target is the value of the context register (it went through
// that register, or copies of it) while the register holds a func value: control went
// to the func value's block instead of to its word 0. A register that merely holds a
// code address (an itab call through DX) has no executable word 0.
bool Checker::goes_to_func_value_itself(const CallEvent& e) const {
  return e.target_is_func_value && e.from->target_via_ctx;
}

// Rule site: a target taken from the context register, from word 0 of the func value
// it holds or from the register itself, must be word 0 of that func value.
bool Checker::check_site(const CallEvent& e, Symbolizer& names, bool go_code) {
  if (goes_to_func_value_itself(e)) {
    report("site", e, names, ctx_, e.ctx, e.word0,
           fmt::format("the target is the func value in {} itself, not its word 0", ctx_));
    return true;
  }
  if (!e.from->target_word0_of_ctx) return check_other_word(e, names, go_code);
  if (e.word0 && is_code_word_of(arch_, *e.word0, e)) return true;
  report("site", e, names, ctx_, e.ctx, e.word0,
         fmt::format("the target was loaded from word 0 of {}, but at the call {} holds {}",
                     ctx_, ctx_, e.word0 ? "another func value" : "no func value"));
  return true;
}

// Rule site, for a target loaded through another register than the context register,
// or from another word than 0. Go sets the context register for every func-value call
// (cmd/compile's ClosureCall), whether the callee reads it or not, so compiled Go code
// that calls word 0 of a func value in another register holds in the context register
// a func value with that word 0 (the same one, mostly). A load from another word is
// judged where its func value is provably the one in the context register (the
// register itself or a copy of it, compared in the block, or at the call when the
// block leaves it as it was) and that holds a func value (its word 0 is code in the
// image): the code is word 0, whatever word 1 holds (a captured variable, another
// function's address).
bool Checker::check_other_word(const CallEvent& e, Symbolizer& names, bool go_code) {
  const TargetSource& src = e.from->source;
  if (!is_func_value_load(src)) return false;
  const bool word0_is_code = e.word0 && is_code(arch_.code_location(*e.word0), names);
  // The func value the code word was read from, where the tracer knows it.
  const bool base_known = (e.from->load_base_kept || e.from->load_base_at_entry) && e.load_base;
  if (src.mem.disp == 0) {
    if (!go_code || e.kind != CallKind::kIndirectCall) return false;
    // Another func value with the same code (another closure of one function) is no
    // better: the callee would read the captured variables of the wrong one.
    const bool other_value = !e.from->target_from_ctx_value && base_known && *e.load_base != e.ctx;
    if (word0_is_code && is_code_word_of(arch_, *e.word0, e) && !other_value) return true;
    report("site", e, names, ctx_, e.ctx, e.word0,
           fmt::format("the code was loaded from word 0 of the func value in {}{}, but {} holds {}",
                       src.mem.base, base_known ? fmt::format(" ({})", hex(*e.load_base)) : "", ctx_,
                       !word0_is_code                       ? "no func value"
                       : is_code_word_of(arch_, *e.word0, e) ? "another func value with the same code"
                                                              : "another func value"));
    return true;
  }
  const bool same_value = e.from->target_from_ctx_value || (base_known && *e.load_base == e.ctx);
  if (!same_value || !word0_is_code) return false;
  if (is_code_word_of(arch_, *e.word0, e)) return true;
  report("site", e, names, ctx_, e.ctx, e.word0,
         fmt::format("the target was loaded from {}, byte {} of the func value in {}, not its word 0",
                     src.mem.text(), src.mem.disp, ctx_));
  return true;
}

// A load through a register (not the stack, a literal or a table): where a func
// value's words are read from.
bool Checker::is_func_value_load(const TargetSource& src) {
  return src.end == TargetSource::kLoad && src.mem.index.empty() && !src.mem.absolute &&
         !src.mem.base.empty() && src.mem.base != "SP" && src.mem.base != "PC";
}

// Rule entry: a function that consumes the context register is entered with a func
// value for it there.
bool Checker::entry_rule_applies(uint64_t target, bool thumb, Symbolizer& names) {
  Memo<bool>& recent = memo(entry_memo_, target);
  if (recent.addr == target) return recent.answer;
  auto [it, fresh] = entry_applies_.try_emplace(target, false);
  if (fresh) {
    // A function is Thumb code or not, so the first call's state holds for later ones.
    it->second = is_function_entry(target, names) && !in_runtime_assembly(target, names) &&
                 context_use_.consumes(target, thumb);
  }
  recent = Memo<bool>{target, it->second};
  return it->second;
}

bool Checker::check_entry(const CallEvent& e, Symbolizer& names) {
  if (!entry_rule_applies(e.target, e.thumb, names)) return false;
  if (e.word0 && is_code_word_of(arch_, *e.word0, e)) return true;
  report("entry", e, names, ctx_, e.ctx, e.word0,
         fmt::format("{} reads {} before writing it, but {} does not point at a func value "
                     "whose word 0 is {}",
                     name_or_hex(names.code(e.target), e.target), ctx_, ctx_,
                     name_or_hex(names.code(e.target), e.target)));
  return true;
}

// Rule step1: an indirect call's target is word 0 of the func value in the register
// it was loaded from; so is an indirect jump's when it goes through a func value
// (other jumps resume saved PCs or index jump tables).
bool Checker::check_step1(const CallEvent& e, Symbolizer& names) {
  const TargetSource& src = e.from->source;
  if (goes_to_func_value_itself(e)) {
    report("step1", e, names, ctx_, e.ctx, e.word0,
           fmt::format("the target is the func value in {} itself, not its word 0", ctx_));
    return true;
  }
  // The func value in another register (5g keeps it in R2, or loads it from a slice
  // element: ldr r4, [r6]; mov r1, r4, the shape of a code-word load): the tracer
  // found the target's word 0 to be code elsewhere.
  if (e.target_is_func_value && e.kind == CallKind::kIndirectCall) {
    report("step1", e, names, src.registers.empty() ? ctx_ : src.registers.back(), e.target, std::nullopt,
           fmt::format("the target ({}) is a func value itself, not its word 0", src.text()));
    return true;
  }
  const bool through_word0 =
      !src.mem.base.empty() && src.mem.base != "SP" && src.is_word0_of(src.mem.base);
  if (e.kind == CallKind::kIndirectJump && !through_word0) return false;
  // A target register set before the block (the load is in the block before, or in
  // the part of a block Unicorn split off) cannot be judged from this block.
  if (!through_word0 && src.set_before_block) return false;
  if (!through_word0) {
    report("step1", e, names, ctx_, e.ctx, e.word0,
           fmt::format("the target ({}) was not loaded from word 0 of a func value", src.text()));
    return true;
  }
  // MOVQ (BX), BX; CALL BX: the load replaced the func value with its code word, so
  // the register no longer says which func value it was; the load is the evidence.
  if (std::find(src.registers.begin(), src.registers.end(), src.mem.base) != src.registers.end())
    return true;
  // The tracer read the register when it is not the context register.
  const bool is_ctx = src.mem.base == ctx_;
  const uint64_t value = is_ctx ? e.ctx : e.load_base.value_or(0);
  const std::optional<uint64_t> word0 = is_ctx ? e.word0 : e.load_base_word0;
  if (word0 && is_code_word_of(arch_, *word0, e)) return true;
  report("step1", e, names, src.mem.base, value, word0,
         fmt::format("the target was loaded from word 0 of {}, which holds something else at "
                     "the call", src.mem.base));
  return true;
}

// Rule target: an indirect call made by Go code (compiled or runtime assembly) goes to
// code, and inside the program's image to the entry of a function: func values' word 0
// and itabs' method slots hold nothing else (cmd/compile emits a closure, method value
// or wrapper as a function of its own). A call that reaches data, unmapped memory or
// the middle of a function took its target from the wrong place.
void Checker::check_target(const CallEvent& e, Symbolizer& names) {
  if (e.kind != CallKind::kIndirectCall) return;
  if (e.target_not_code) {
    report("target", e, names, ctx_, e.ctx, e.word0,
           fmt::format("control went to {}, which holds no code (fetching it faulted)",
                       name_or_hex(names.data(e.target), e.target)));
    return;
  }
  switch (target_kind(e.target, names)) {
    case TargetKind::kCode:
      return;
    case TargetKind::kData:
      report("target", e, names, ctx_, e.ctx, e.word0,
             fmt::format("control went to data ({}), not to a function",
                         name_or_hex(names.data(e.target), e.target)));
      return;
    case TargetKind::kInsideFunction:
      report("target", e, names, ctx_, e.ctx, e.word0,
             fmt::format("control went into the middle of a function ({}), not to its entry",
                         names.code(e.target)));
      return;
  }
}

// Rule target, for a call that never ran: its code word could not be read. Go calls a
// nil func value by loading its word 0 from the zero page, which faults on purpose
// (cmd/compile's nil checks are that load; the runtime's sigpanic makes it a panic);
// any other address means the register held no func value.
void Checker::check_load_fault(const CallEvent& e, Symbolizer& names) {
  const TargetSource& src = e.from->source;
  const bool code_word_load = src.mem.disp == 0 && src.mem.index.empty() && !src.mem.absolute &&
                              !src.mem.base.empty() && src.mem.base != "SP";
  if (e.kind != CallKind::kIndirectCall || !(code_word_load || e.from->target_from_ctx_value)) return;
  constexpr uint64_t kZeroPage = 4096;
  if (*e.load_fault < kZeroPage) return;
  report("target", e, names, ctx_, e.ctx, e.word0,
         fmt::format("loading the code word from {} faulted at {}: {} holds no func value (nor nil)",
                     src.mem.text(), hex(*e.load_fault), src.mem.base));
}

// Outside the image: code the program wrote (step 1's closures, a JIT) or the system's
// (vDSO, ARM's kernel helpers), which ran. Inside it with no symbol: nothing to tell.
Checker::TargetKind Checker::target_kind(uint64_t target, Symbolizer& names) {
  Memo<TargetKind>& recent = memo(target_memo_, target);
  if (recent.addr == target) return recent.answer;
  auto [it, fresh] = target_kinds_.try_emplace(target, TargetKind::kCode);
  if (fresh && image_.contains(target)) {
    // Go <= 1.4 links read-only data (func values' static blocks, itabs) into the
    // text segment: a data symbol there is data all the same.
    if (!image_.executable(target) || !names.data(target).empty())
      it->second = TargetKind::kData;
    else if (names.code(target).find('+') != std::string::npos)
      it->second = TargetKind::kInsideFunction;
  }
  recent = Memo<TargetKind>{target, it->second};
  return it->second;
}

void Checker::report(std::string rule, const CallEvent& e, Symbolizer& names, std::string reg,
                     uint64_t reg_value, std::optional<uint64_t> word0, std::string what) {
  auto key = std::make_tuple(rule, e.site, e.target);
  if (auto it = seen_violations_.find(key); it != seen_violations_.end()) {
    violations_[it->second].times++;
    return;
  }
  seen_violations_.emplace(key, violations_.size());
  counts_.violations++;
  Violation v;
  v.rule = std::move(rule);
  v.arch = std::string(arch_.name());
  v.site = e.site;
  v.target = e.target;
  v.site_symbol = names.code(e.site);
  v.callee_symbol = names.code(e.target);
  // Control that went into data went to a func value's block: name the object.
  if (v.callee_symbol.empty()) v.callee_symbol = names.data(e.target);
  v.where = names.line(e.site);
  v.source = e.from->source.text();
  v.listing = e.from->listing;
  v.reg = std::move(reg);
  v.reg_value = reg_value;
  v.word0 = word0;
  v.what = std::move(what);
  violations_.push_back(std::move(v));
}

}  // namespace fvemu
