#include "harness/trace/tracer.h"

#include <sys/mman.h>

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"
#include "emu/machine.h"
#include "harness/decode/isa.h"

namespace fvemu {

Tracer::Tracer(Machine& m, const Profile& profile, TraceFilter filter, Symbolizer& names)
    : arch_(m.arch()),
      profile_(profile),
      filter_(std::move(filter)),
      names_(names),
      blocks_(m, std::string(profile.context_register(m.arch()))),
      ctx_name_(profile.context_register(m.arch())),
      ctx_reg_(m.arch().register_id(ctx_name_)),
      word_(m.arch().word_size()) {
  if (ctx_reg_ < 0)
    throw RunError(kExitCannotRun, fmt::format("profile {} names no context register for {}",
                                               profile.name, m.arch().name()));
  for (CallKind k : filter_.kinds) wanted_[static_cast<int>(k)] = true;
  if (filter_.symbols) symbols_.emplace(*filter_.symbols);
}

bool Tracer::wants_block(Machine&, uint64_t addr, uint32_t size) {
  return wanted_[static_cast<int>(blocks_.get(addr, size)->kind)];
}

void Tracer::on_block(Machine& m, uint64_t addr, uint32_t size, bool wanted) {
  const int tid = m.current_tid();
  if (!filter_.threads.empty() && !filter_.threads.count(tid)) return;
  Pending& pending = pending_of(tid);
  if (pending) {
    const Pending from = std::exchange(pending, Pending{});
    // An ARM conditional transfer that was not taken falls through.
    if (!(from.block->conditional && addr == from.block->next)) complete(m, from, addr);
  }
  // Unwanted by every observer (the block a transfer went to, mostly): not by this
  // one either, so not worth a lookup, which misses the cache more often than not.
  if (!wanted) return;
  const DecodedBlock* b = blocks_.get(addr, size);
  if (!wanted_[static_cast<int>(b->kind)]) return;
  pending.block = b;
  if (b->load_base_at_entry && read_values_ && !profile_.step1_rule)
    pending.load_base = load_base_value(m, *b);
}

void Tracer::on_signal(Machine& m, int, bool fault, std::optional<uint64_t> fault_address) {
  Pending& pending = pending_of(m.current_tid());
  if (!pending) return;
  const Pending from = std::exchange(pending, Pending{});
  const DecodedBlock& b = *from.block;
  // The handler is not the target. An asynchronous signal came at the target's block
  // boundary: control is at the target. A fault inside the block that ends with the
  // transfer (Go's nil func call faults loading word 0) means the transfer never ran;
  // a fault anywhere else is at the target (a call to an unmapped address).
  // x86 code may sit at odd addresses; only a Thumb PC's bit 0 is not part of it.
  uint64_t pc = reg_read(m.uc(), arch_.reg_pc());
  if (arch_.in_thumb_state(m.uc())) pc &= ~1ull;
  if (fault && pc >= b.addr && pc < b.next) {
    if (fault_address && b.source.end == TargetSource::kLoad && pc == b.source.load_addr)
      load_faulted(m, from, *fault_address);
    return;
  }
  // A block that starts is reported before it runs, so a fault before the target's
  // block began is the fetch of the target itself.
  complete(m, from, pc, fault);
}

void Tracer::on_code_changed(Machine&, uint64_t, uint64_t) {
  std::fill(thumb_memo_.begin(), thumb_memo_.end(), ~0ull);
}

// Target addresses are even (ARM: bit 0 clear), so a slot holds the address with the
// state in bit 0.
bool Tracer::target_in_thumb_state(Machine& m, uint64_t target) {
  uint64_t& slot = thumb_memo_[address_slot<kThumbMemoBits>(target)];
  if ((slot & ~1ull) != target) slot = target | (arch_.in_thumb_state(m.uc()) ? 1 : 0);
  return slot & 1;
}

void Tracer::on_exit(Machine& m, const ExitStatus&) {
  for (EventSink* s : sinks_) s->finish(m, names_);
}

void Tracer::complete(Machine& m, const Pending& pending, uint64_t target, bool not_code) {
  const DecodedBlock& from = *pending.block;
  if (symbols_ && !symbols_->matches(from.site, target, names_)) return;
  CallEvent e;
  e.tid = m.current_tid();
  e.seq = ++seq_;
  e.kind = from.kind;
  e.site = from.site;
  e.target = target;
  e.from = &from;
  e.target_not_code = not_code;
  if (read_values_) read_values(m, e, pending);
  for (EventSink* s : sinks_) s->on_event(e, names_);
}

// The registers are those at the load that faulted: the block's, not a callee's.
void Tracer::load_faulted(Machine& m, const Pending& pending, uint64_t fault_address) {
  const DecodedBlock& from = *pending.block;
  if (symbols_ && !symbols_->matches(from.site, from.site, names_)) return;
  if (std::none_of(sinks_.begin(), sinks_.end(), [](EventSink* s) { return s->wants_load_faults(); }))
    return;
  CallEvent e;
  e.tid = m.current_tid();
  e.seq = ++seq_;
  e.kind = from.kind;
  e.site = from.site;
  e.from = &from;
  e.load_fault = fault_address;
  if (read_values_) read_values(m, e, pending);
  for (EventSink* s : sinks_)
    if (s->wants_load_faults()) s->on_event(e, names_);
}

// What the rules read of the CPU and memory at the callee's entry, so that the event
// alone says it.
void Tracer::read_values(Machine& m, CallEvent& e, const Pending& from) {
  e.thumb = target_in_thumb_state(m, e.target);
  e.sp = reg_read(m.uc(), arch_.reg_sp());
  e.ctx = reg_read(m.uc(), ctx_reg_);
  if (word_ == 4) e.ctx &= 0xffffffff;
  // Not through a returned optional: copying one read back its two halves as one
  // wide load right after two narrow stores, a store-forwarding stall that cost 5%
  // of `fvemu check` on closure-heavy code.
  uint64_t word0;
  if (m.mem().read_word(e.ctx, word_, word0)) e.word0 = word0;
  if (e.target == e.ctx && e.word0) {
    e.target_is_func_value = is_executable(m, *e.word0);
  } else if (profile_.step1_rule && is_indirect(e.kind) && m.mem().read_word(e.target, word_, word0)) {
    // Step 1 has no context register: the func value may be in any register
    // (5g: R2). Its heap closures are a word pointing at the code right after it
    // (the 2013 closure_$GOARCH.c: *(byte**)p = p+PtrSize), so calling the func value
    // itself ran a word of data as an instruction and then the right code.
    e.target_is_func_value = word0 != e.target && is_executable(m, word0);
  }
  if (!is_indirect(e.kind)) return;
  // Step 1 judges the register at the call. The site rule asks whether the func value
  // the target was loaded from is the one in the context register: the register's
  // value at the load, read here where the block keeps it, else at the block's entry.
  if (profile_.step1_rule || e.from->load_base_kept)
    e.load_base = load_base_value(m, *e.from);
  else
    e.load_base = from.load_base;
  if (profile_.step1_rule && e.load_base && m.mem().read_word(*e.load_base, word_, word0))
    e.load_base_word0 = word0;
}

// Whether `addr` (ARM: a code address, bit 0 the Thumb bit) is in executable memory.
bool Tracer::is_executable(Machine& m, uint64_t addr) {
  const MemoryArea* area = m.mem().find(addr & ~1ull);
  return area && (area->prot & PROT_EXEC);
}

// The register b's target was loaded through, unless it is the context register
// (read anyway), SP or PC (no func value).
std::optional<uint64_t> Tracer::load_base_value(Machine& m, const DecodedBlock& b) const {
  const std::string& base = b.source.mem.base;
  if (base.empty() || base == "SP" || base == "PC" || base == ctx_name_) return std::nullopt;
  const int id = arch_.register_id(base);
  if (id < 0) return std::nullopt;
  return reg_read(m.uc(), id) & (word_ == 4 ? 0xffffffffull : ~0ull);
}

}  // namespace fvemu
