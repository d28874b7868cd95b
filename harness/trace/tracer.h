// The call tracer: an Observer of the machine that turns block entries into
// CallEvents. Each block is decoded once (BlockCache); when a thread's block ends in
// a transfer of a wanted kind, the event is completed at that thread's next block
// entry, whose address is the target and whose registers are the callee's.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "emu/address_slot.h"
#include "emu/observer.h"
#include "harness/decode/block_cache.h"
#include "harness/profile/profile.h"
#include "harness/trace/call_event.h"
#include "harness/trace/symbolizer.h"

namespace fvemu {

class Arch;

// Receives the events that pass the filters, in order.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const CallEvent& e, Symbolizer& names) = 0;
  // Whether it reads the register values of events (sp, ctx, word0): reading them
  // costs more than the rest of an event, so a tracer whose sinks do not skips it.
  virtual bool wants_values() const { return true; }
  // Whether it gets the events of transfers whose target load faulted (CallEvent::
  // load_fault): the checker and trace files do, recorders of calls that ran do not.
  virtual bool wants_load_faults() const { return false; }
  // The guest is gone (m.final_status() says how): write whatever is still buffered
  // or aggregated.
  virtual void finish(const Machine& /*m*/, Symbolizer&) {}
};

struct TraceFilter {
  std::set<CallKind> kinds{CallKind::kIndirectCall, CallKind::kIndirectJump};
  std::optional<std::regex> symbols;  // keep events whose site or callee symbol matches
  std::set<int> threads;              // empty: all
};

class Tracer final : public Observer {
 public:
  Tracer(Machine& m, const Profile& profile, TraceFilter filter, Symbolizer& names);
  void add_sink(EventSink* sink) {
    sinks_.push_back(sink);
    read_values_ = read_values_ || sink->wants_values();
  }
  uint64_t events() const { return seq_; }
  const Arch& arch() const { return arch_; }
  const Profile& profile() const { return profile_; }
  const TraceFilter& filter() const { return filter_; }
  const std::string& context_register() const { return ctx_name_; }

  // Only blocks that end in a transfer of a wanted kind (the machine also reports the
  // block each of them goes to, which completes its event).
  bool wants_block(Machine& m, uint64_t addr, uint32_t size) override;
  void on_block(Machine& m, uint64_t addr, uint32_t size, bool wanted) override;
  void on_signal(Machine& m, int signo, bool fault, std::optional<uint64_t> fault_address) override;
  void on_code_changed(Machine& m, uint64_t begin, uint64_t end) override;
  void on_exit(Machine& m, const ExitStatus& status) override;

 private:
  // A transfer that ran; its event waits for the target's first block.
  struct Pending {
    const DecodedBlock* block = nullptr;
    // The register the target was loaded through, read at the block's entry
    // (DecodedBlock::load_base_at_entry), for the site rule.
    std::optional<uint64_t> load_base;
    explicit operator bool() const { return block != nullptr; }
  };
  Pending& pending_of(int tid) {
    if (tid != pending_tid_) {
      pending_tid_ = tid;
      pending_cur_ = &pending_[tid];  // unordered_map references survive rehashing
    }
    return *pending_cur_;
  }
  void complete(Machine& m, const Pending& from, uint64_t target, bool not_code = false);
  void load_faulted(Machine& m, const Pending& from, uint64_t fault_address);
  void read_values(Machine& m, CallEvent& e, const Pending& from);
  std::optional<uint64_t> load_base_value(Machine& m, const DecodedBlock& b) const;
  static bool is_executable(Machine& m, uint64_t addr);
  bool target_in_thumb_state(Machine& m, uint64_t target);

  const Arch& arch_;
  const Profile& profile_;
  TraceFilter filter_;
  Symbolizer& names_;
  BlockCache blocks_;
  std::string ctx_name_;
  int ctx_reg_;  // Unicorn id
  unsigned word_;  // the arch's word size
  bool wanted_[6] = {};  // by CallKind
  std::vector<EventSink*> sinks_;
  bool read_values_ = false;
  std::unordered_map<int, Pending> pending_;  // by tid
  int pending_tid_ = -1;
  Pending* pending_cur_ = nullptr;  // pending_[pending_tid_]
  std::optional<SymbolMatcher> symbols_;  // filter_.symbols
  // The CPU state each recent target ran in (bit 0: Thumb), by address: reading it
  // from the CPU at every event cost 5-10% of `fvemu check` on ARM's busiest programs,
  // and code at one address runs in one state until it changes (on_code_changed).
  static constexpr unsigned kThumbMemoBits = 10;
  std::vector<uint64_t> thumb_memo_ = std::vector<uint64_t>(size_t{1} << kThumbMemoBits, ~0ull);
  uint64_t seq_ = 0;
};

}  // namespace fvemu
