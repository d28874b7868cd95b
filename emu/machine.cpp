#include "emu/machine.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <csignal>
#include <set>
#include <thread>

#include <capstone/capstone.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "emu/arch/arch.h"
#include "emu/fault_locator.h"
#include "emu/guest_error.h"
#include "emu/initial_stack.h"
#include "emu/linux/strace.h"

namespace fvemu {
namespace {

constexpr uint64_t kStackSize = 8 << 20;  // RLIMIT_STACK we report

// "4 GiB", "100 bytes": a limit as the user would write it.
std::string size_text(uint64_t bytes) {
  for (auto [shift, unit] : {std::pair{30, "GiB"}, {20, "MiB"}, {10, "KiB"}})
    if (bytes >= (uint64_t{1} << shift) && bytes % (uint64_t{1} << shift) == 0)
      return fmt::format("{} {}", bytes >> shift, unit);
  return fmt::format("{} bytes", bytes);
}

// Every guest fd is a host fd: let fvemu have as many as it may (the hard limit), so
// that --max-files, not the host's customary soft limit of 1024, is what the guest meets.
void raise_host_file_limit() {
  struct rlimit r {};
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
}

// qemu asks for transparent huge pages on its 1 GiB translation buffer (and Linux's
// default "madvise" mode grants them), so every 2 MiB of it that is touched counts in
// full in fvemu's RSS: 6 MiB of a Go program's 37. Without them the buffer costs what
// its code does, and the translated code runs no slower (measured: bench/README.md).
void refuse_huge_pages() { prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0); }

}  // namespace

Machine::Machine(ElfImage image, MachineConfig config)
    : image_(std::move(image)),
      config_(std::move(config)),
      arch_(*image_.arch),
      syscalls_(arch_),
      block_counter_(arch_,
                     [this](uint64_t begin, uint64_t end) {
                       for (uint64_t at : {begin, end - 1})
                         if (const MemoryArea* area = mem_->find(at); area && (area->prot & PROT_WRITE))
                           return true;
                       return false;
                     }),
      files_(config_.stdio, static_cast<int>(std::min<uint32_t>(config_.max_files, INT32_MAX)),
             [this] {
               limits_.note("files", fmt::format("guest open file limit of {} reached "
                                                  "(--max-files): EMFILE", config_.max_files));
             }),
      sandbox_(config_.ro_dirs, config_.rw_dirs, config_.argv.at(0)),
      process_(config_.seed) {
  raise_host_file_limit();
  refuse_huge_pages();
  if (config_.floor) config_.realtime = true;  // no instruction count, no virtual clock
  if (uc_err e = uc_open(arch_.unicorn_arch(), arch_.unicorn_mode(), &uc_))
    throw RunError(RunError::Kind::kInternal,
                   fmt::format("internal: cannot start Unicorn: {}", uc_strerror(e)));
  // A constructor that throws runs no destructor: if loading fails from here on (a
  // RunError for a program that does not fit), free the engine now, or each failed
  // load leaks a whole Unicorn instance (found by fuzz_elf_loader).
  struct ReleaseOnThrow {
    Machine* m;
    ~ReleaseOnThrow() {
      if (m) m->release_engine();
    }
  } release_on_throw{this};
  uc_ctl_set_cpu_model(uc_, arch_.unicorn_cpu_model());
  mem_ = std::make_unique<AddressSpace>(uc_, arch_.task_size(), arch_.mmap_top());
  const AddressSpace::Limits memory_limits{config_.max_memory ? config_.max_memory : UINT64_MAX,
                                           arch_.max_mappings()};
  mem_->set_limits(memory_limits, nullptr);  // loading past them is an error of its own
  clock_.start();
  next_tid_ = process_.identity.pid;
  current_ = &scheduler_.create(next_tid_++);
  uc_context_alloc(uc_, &current_->context);
  arch_.init_cpu(*this);
  load_image();
  arch_.instrument_image(*this);
  build_stack();
  mem_->set_limits(memory_limits, [this](AddressSpace::Limit which) {
    if (which == AddressSpace::Limit::kMemory)
      limits_.note("memory", fmt::format("guest memory limit of {} reached (--max-memory): "
                                          "mapping returns ENOMEM", size_text(config_.max_memory)));
    else
      limits_.note("mappings", fmt::format("guest mapping limit of {} mappings reached: mapping "
                                            "returns ENOMEM", arch_.max_mappings()));
  });
  install_hooks();
  install_exits();
  release_on_throw.m = nullptr;
}

Machine::~Machine() { release_engine(); }

void Machine::release_engine() {
  for (const auto& [tid, t] : scheduler_.threads()) free_contexts(*t);
  if (parent_scratch_) uc_context_free(parent_scratch_);
  parent_scratch_ = nullptr;
  if (uc_) uc_close(uc_);
  uc_ = nullptr;
  mem_.reset();  // after the engine: see ~AddressSpace
}

void Machine::throw_too_little_memory() const {
  throw RunError(RunError::Kind::kUsage,
                 fmt::format("{}: --max-memory {} is too small to load the program and its "
                             "{} stack", config_.argv[0], size_text(config_.max_memory),
                             size_text(kStackSize)));
}

void Machine::build_stack() {
  const uint64_t top = arch_.stack_top();
  const int exec =
      image_.executable_stack.value_or(arch_.stack_executable_by_default()) ? PROT_EXEC : 0;
  if (!mem_->map_fixed(top - kStackSize, kStackSize, PROT_READ | PROT_WRITE | exec, "[stack]"))
    throw_too_little_memory();
  InitialStackSpec spec;
  spec.argv = config_.argv;
  spec.envp = config_.env;
  spec.execfn = config_.argv[0];
  spec.platform = std::string(arch_.platform());
  process_.fill_random(spec.random.data(), spec.random.size());
  spec.auxv = {
      {kAtHwcap, arch_.hwcap()},
      {kAtPagesz, AddressSpace::kPageSize},
      {kAtClktck, 100},
      {kAtPhdr, image_.phdr_vaddr + load_bias_},
      {kAtPhent, image_.phentsize},
      {kAtPhnum, image_.phnum},
      {kAtBase, 0},
      {kAtFlags, 0},
      {kAtEntry, image_.entry + load_bias_},
      {kAtUid, static_cast<uint64_t>(process_.identity.uid)},
      {kAtEuid, static_cast<uint64_t>(process_.identity.uid)},
      {kAtGid, static_cast<uint64_t>(process_.identity.gid)},
      {kAtEgid, static_cast<uint64_t>(process_.identity.gid)},
      {kAtSecure, 0},
  };
  const InitialStack stack = build_initial_stack(spec, arch_.word_size(), top);
  if (stack.bytes.size() > kStackSize / 4)
    throw RunError(kExitCannotRun, "arguments and environment are too large (over 2 MiB)");
  mem_->write(stack.sp, stack.bytes.data(), stack.bytes.size());
  arch_.set_entry(uc_, image_.entry + load_bias_, stack.sp);
}

void Machine::install_exits() {
  if (emulated_.empty()) return;
  // With exits enabled Unicorn ignores uc_emu_start's `until`: the sentinel joins them.
  std::vector<uint64_t> exits{arch_.run_until_sentinel()};
  for (const auto& [addr, emulate] : emulated_) exits.push_back(addr);
  uc_ctl_exits_enable(uc_);
  uc_ctl_set_exits(uc_, exits.data(), exits.size());
}

void Machine::install_hooks() {
  uc_hook h;
  if (!config_.floor)
    uc_hook_add(uc_, &h, UC_HOOK_BLOCK, reinterpret_cast<void*>(&Machine::hook_block), this, 1, 0);
  uc_hook_add(uc_, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&Machine::hook_interrupt), this, 1, 0);
  uc_hook_add(uc_, &h, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(&Machine::hook_bad_memory),
              this, 1, 0);
}

// Runs at the entry of every translated block, so what it does costs every block
// (docs/design.md "The run loop", figures in bench/README.md). Most of the time it
// only adds a cached count: a leaf function, no call; anything more is enter_block's.
void Machine::hook_block(uc_engine* uc, uint64_t addr, uint32_t size, void* self) {
  Machine& m = *static_cast<Machine*>(self);
  const BlockCounter::Slot* s = m.block_counter_.cached(addr, size);
  if (!s || s->observed || m.insns_ + s->insns > m.fast_path_limit_) [[unlikely]]
    return m.enter_block(uc, addr, size);
  m.block_addr_ = addr;
  m.block_size_ = size;
  m.insns_ += s->insns;
}

void Machine::add_observer(Observer* o) {
  observers_.push_back(o);
  block_counter_.set_observed([this](uint64_t addr, uint32_t size) {
    bool wanted = false;
    for (Observer* each : observers_) wanted |= each->wants_block(*this, addr, size);
    return wanted;
  });
}

void Machine::enter_block(uc_engine* uc, uint64_t addr, uint32_t size) {
  const auto [n, observed] = block_counter_.count(uc, addr, size);
  if (n == BlockCounter::kStale) {
    // The guest rewrote this code after Unicorn translated it: stop before the stale
    // translation runs; the run loop drops it and Unicorn translates the new bytes.
    stale_code_ = {addr, addr + size};
    stop_emulation();
    return;
  }
  block_addr_ = addr;
  block_size_ = size;
  insns_ += n;
  if (insns_ > stop_at_ && !at_stop_point(addr, n)) return;
  if (!observed && !observe_next_) return;
  set_observe_next(observed);
  for (Observer* o : observers_) o->on_block(*this, addr, size, observed);
}

bool Machine::at_stop_point(uint64_t addr, uint32_t n) {
  if (pause_before(n) || enforce_limits(addr)) return false;
  fire_timers();
  if (insns_ > slice_end_) {
    // End of this thread's quantum: let the next one run, if there is one.
    if (scheduler_.live() > 1) request_switch();
    slice_end_ = insns_ + kQuantum;
  }
  if (insns_ > tlb_flush_at_) {
    tlb_flush_due_ = true;
    stop_emulation();
    tlb_flush_gap_ = std::min(2 * tlb_flush_gap_, kTlbMaxGap);
    tlb_flush_at_ = insns_ + tlb_flush_gap_;
  }
  update_stop_point();
  // Stopping from a block hook leaves the block unrun: it is counted and observed
  // when it runs, after the switch, the signal handler or the upkeep.
  if (stopping_) {
    insns_ -= n;
    return false;
  }
  return true;
}

bool Machine::pause_before(uint32_t insns) {
  // Not while the run is already stopping (a switch, a signal): the pause then comes
  // at the first block after it, as it would without the stop.
  if (insns_ - insns < pause_at_ || stopping_) return false;
  insns_ -= insns;  // counted and observed when it runs
  paused_ = true;
  stop_emulation();
  return true;
}

void Machine::update_stop_point() {
  stop_at_ = std::min({insn_limit_, slice_end_, pause_at_, tlb_flush_at_});
  if (auto cpu = clock_.timers().next_cpu()) stop_at_ = std::min(stop_at_, *cpu);
  // Virtual time is instructions plus idle jumps, so a real-time deadline is an
  // instruction count too; with --realtime the slice ends check it often enough.
  if (auto real = clock_.timers().next_real())
    if (auto at = clock_.instruction_count_at(*real)) stop_at_ = std::min(stop_at_, *at);
  set_observe_next(observe_next_);
}

bool Machine::fire_timers() {
  const std::vector<int> signals = clock_.expire_timers();
  for (int sig : signals) send_process_signal(sig);
  return !signals.empty() && scheduler_.any_runnable();
}

IntervalTimers::Setting Machine::set_interval_timer(IntervalTimers::Which which,
                                                    IntervalTimers::Setting s) {
  const auto old = clock_.set_timer(which, s);
  update_stop_point();
  return old;
}

bool Machine::enforce_limits(uint64_t pc) {
  if (config_.max_insns && insns_ > config_.max_insns)
    raise_fatal_signal(SIGXCPU, pc, std::nullopt,
                       fmt::format("instruction limit of {} reached", config_.max_insns));
  else if (const int signo = interrupt_signal_.load(std::memory_order_relaxed); stop_requested() && signo)
    raise_fatal_signal(signo, pc, std::nullopt, fmt::format("fvemu received {}", signal_name(signo)));
  else if (stop_requested())
    raise_fatal_signal(SIGXCPU, pc, std::nullopt,
                       fmt::format("time limit of {}s reached", config_.timeout_seconds));
  else
    return false;
  return true;
}

void Machine::hook_interrupt(uc_engine* uc, uint32_t intno, void* self) {
  Machine& m = *static_cast<Machine*>(self);
  const Trap trap = m.arch_.classify_interrupt(uc, intno);
  if (trap.kind == Trap::kSyscall) {
    m.handle_syscall();
  } else {
    const uint64_t pc = reg_read(uc, m.arch_.reg_pc());
    m.raise_fault(SigInfo{trap.signo, trap.si_code, pc}, pc);
  }
}

bool Machine::hook_bad_memory(uc_engine* uc, uc_mem_type type, uint64_t addr, int, int64_t,
                              void* self) {
  Machine& m = *static_cast<Machine*>(self);
  const bool protection = type == UC_MEM_READ_PROT || type == UC_MEM_WRITE_PROT ||
                          type == UC_MEM_FETCH_PROT;
  // An instruction fetch faults at the address fetched: control already went there.
  const bool fetch = type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT;
  const uint64_t stale_pc = reg_read(uc, m.arch_.reg_pc());
  // Unicorn's x86-64 has no paging and reports addresses cut to 52 bits: a fetch at
  // 0xffffffffff600000 faults at 0xfffffff600000, while RIP holds the guest's address.
  constexpr uint64_t kCut = (1ull << 52) - 1;
  const uint64_t fetched = (stale_pc & kCut) == addr ? stale_pc : addr;
  const uint64_t pc =
      fetch ? fetched
            : locate_faulting_instruction(uc, m.arch_, m.block_addr_, m.block_size_, addr)
                  .value_or(stale_pc);
  m.raise_fault(SigInfo{SIGSEGV, protection ? kSegvAccerr : kSegvMaperr, fetch ? fetched : addr}, pc);
  return false;
}

void Machine::raise_fatal_signal(int signo, uint64_t pc, std::optional<uint64_t> fault_address,
                                 std::string detail) {
  if (final_status_) return;
  final_status_ = ExitStatus::killed(signo, pc, fault_address, std::move(detail));
  stop_emulation();
}

uint64_t Machine::output_allowance(uint64_t len) {
  const ResourceLimits::Allowance a = limits_.output_allowance(len);
  // As past RLIMIT_FSIZE (mm/filemap.c): what fits is written; a write when nothing
  // fits raises SIGXFSZ. Here it always kills: a limit the guest can catch is none.
  if (a.exhausted)
    raise_fatal_signal(SIGXFSZ, reg_read(uc_, arch_.reg_pc()), std::nullopt,
                       fmt::format("output limit of {} reached (--max-output)",
                                   size_text(config_.max_output)));
  return a.bytes;
}

void Machine::handle_syscall() {
  SyscallContext ctx{*this, arch_, arch_.syscall_number(uc_), nullptr, {}};
  arch_.syscall_args(uc_, ctx.arg);
  const SyscallTable::Entry* entry = syscalls_.find(ctx.number);
  ctx.name = entry ? entry->name : nullptr;
  const int tid = current_tid();
  int64_t result;
  if (entry && entry->handler) {
    result = entry->handler->fn(ctx);
    // A host call interrupted by the --timeout watchdog or fvemu's own SIGINT, SIGTERM
    // or SIGHUP: the guest never sees EINTR, it is killed.
    if (enforce_limits(reg_read(uc_, arch_.reg_pc()))) return;
  } else {
    report_unsupported(ctx.number, ctx.name);
    result = -ENOSYS;
  }
  if (result == kSyscallNoResult) {
    if (config_.strace) fmt::print(config_.strace, "[{}] {}() = ?\n", tid, ctx.name);
    return;
  }
  if (result == kSyscallBlocked) {
    current_->blocked_in = {ctx.name ? ctx.name : "syscall", ctx.number, ctx.arg[0]};
    if (config_.strace)
      fmt::print(config_.strace, "[{}] {} <unfinished ...>\n", tid,
                 format_syscall(ctx, entry->handler, std::nullopt, *mem_));
    return;
  }
  if (!final_status_ || final_status_->kind != ExitStatus::kExited)
    arch_.set_syscall_result(uc_, static_cast<uint64_t>(result));
  if (config_.strace)
    fmt::print(config_.strace, "[{}] {}\n", tid,
               format_syscall(ctx, entry ? entry->handler : nullptr, result, *mem_));
}

void Machine::report_unsupported(uint32_t number, const char* name) {
  const std::string key = name ? name : fmt::format("#{}", number);
  if (!reported_unsupported_.insert(key).second || !config_.diagnostics) return;
  if (name)
    fmt::print(config_.diagnostics, "fvemu: unsupported syscall {} (number {}, {}): returning ENOSYS\n",
               name, number, arch_.name());
  else
    fmt::print(config_.diagnostics, "fvemu: unknown syscall number {} ({}): returning ENOSYS\n",
               number, arch_.name());
  std::fflush(config_.diagnostics);
}

void Machine::invalidate_code(uint64_t begin, uint64_t end) {
  block_counter_.invalidate(begin, end);
  uc_ctl_remove_cache(uc_, begin, end);
  for (Observer* o : observers_) o->on_code_changed(*this, begin, end);
}

std::string Machine::describe(uint64_t addr) const {
  return addr >= load_bias_ ? image_.symbols.describe(addr - load_bias_) : "";
}

std::string Machine::disassemble(uint64_t addr) const {
  uint8_t code[16];
  size_t len = sizeof code;
  while (len > 0 && !mem_->read(addr, code, len)) len /= 2;  // near the end of a mapping
  csh h;
  if (len == 0 || cs_open(arch_.capstone_arch(), arch_.capstone_mode(uc_), &h) != CS_ERR_OK)
    return "";
  cs_insn* insn = nullptr;
  std::string text;
  if (cs_disasm(h, code, len, addr, 1, &insn) == 1) {
    text = insn->op_str[0] ? fmt::format("{} {}", insn->mnemonic, insn->op_str) : insn->mnemonic;
    cs_free(insn, 1);
  } else {
    text = fmt::format("undecodable bytes {:02x}", fmt::join(code, code + std::min<size_t>(len, 4), " "));
  }
  cs_close(&h);
  return text;
}


void Machine::fault_from_error(uc_err err) {
  const uint64_t pc = reg_read(uc_, arch_.reg_pc());
  constexpr int kIllIllopn = 2, kBusAdraln = 1;
  switch (err) {
    case UC_ERR_OK:  // ran into the `until` sentinel: a jump to an unmapped address
      return raise_fault(SigInfo{SIGSEGV, kSegvMaperr, pc}, pc);
    case UC_ERR_INSN_INVALID:
      return raise_fault(SigInfo{SIGILL, kIllIllopn, pc}, pc);
    case UC_ERR_READ_UNALIGNED:
    case UC_ERR_WRITE_UNALIGNED:
    case UC_ERR_FETCH_UNALIGNED:
      return raise_fault(SigInfo{SIGBUS, kBusAdraln, pc}, pc);
    case UC_ERR_READ_UNMAPPED:
    case UC_ERR_WRITE_UNMAPPED:
    case UC_ERR_FETCH_UNMAPPED:
    case UC_ERR_READ_PROT:
    case UC_ERR_WRITE_PROT:
    case UC_ERR_FETCH_PROT:
    case UC_ERR_EXCEPTION:  // e.g. a privileged instruction: Linux sends SIGSEGV
      return raise_fault(SigInfo{SIGSEGV, 0x80 /* SI_KERNEL */, std::nullopt}, pc);
    default:
      throw RunError(RunError::Kind::kInternal,
                     fmt::format("internal: Unicorn stopped at pc={:#x}: {}", pc,
                                 uc_strerror(err)));
  }
}

bool Machine::upkeep() {
  bool any = false;
  if (stale_code_) {
    invalidate_code(stale_code_->first, stale_code_->second);
    stale_code_.reset();
    any = true;
  }
  if (tlb_flush_due_) {
    uc_ctl_flush_tlb(uc_);
    tlb_flush_due_ = false;
    any = true;
  }
  return any;
}

void Machine::run_slice() {
  for (;;) {
    switch_requested_ = false;
    stopping_ = false;
    const uc_err err =
        uc_emu_start(uc_, arch_.resume_address(uc_), arch_.run_until_sentinel(), 0, 0);
    const bool upkept = upkeep();
    if (final_status_ || paused_) return;
    const bool stopped_on_purpose = !fault_ && err == UC_ERR_OK && !switch_requested_;
    if (stopped_on_purpose && recheck_signals_) {
      recheck_signals_ = false;
      if (!deliver_pending_signal()) return;
      continue;
    }
    if (stopped_on_purpose && upkept) continue;
    if (stopped_on_purpose) {
      // At an instruction the machine emulates itself: do it, and carry on.
      const uint64_t pc = reg_read(uc_, arch_.reg_pc());
      if (auto it = emulated_.find(pc); it != emulated_.end()) {
        it->second(*this, pc);
        continue;
      }
    }
    // Stopped on purpose (another thread's turn, a signal to deliver), by a fault a
    // hook saw, or by an error or the `until` sentinel: the latter two are faults too.
    if (!fault_ && (err != UC_ERR_OK || !switch_requested_) && !arch_.resumable_stop(uc_, err))
      fault_from_error(err);
    if (fault_) handle_fault();
    return;
  }
}

std::optional<ExitStatus> Machine::run_until(uint64_t insns) {
  if (!final_status_) {
    pause_at_ = insns;
    if (config_.max_insns) insn_limit_ = config_.max_insns;
    const auto start = std::chrono::steady_clock::now();
    if (config_.timeout_seconds > 0) {
      const double left = config_.timeout_seconds - run_seconds_;
      if (left > 0)
        watchdog_ = std::make_unique<Watchdog>(left, stop_requested_);
      else
        stop_requested_ = true;
    }
    update_stop_point();
    while (!final_status_) {
      if (!resume_slice_ && !schedule()) break;
      resume_slice_ = false;
      run_slice();
      if (paused_) {
        paused_ = false;
        resume_slice_ = true;
        break;
      }
    }
    watchdog_.reset();
    run_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!final_status_) return std::nullopt;
  }
  if (!exit_observed_) {
    exit_observed_ = true;
    for (Observer* o : observers_) o->on_exit(*this, *final_status_);
  }
  return final_status_;
}

}  // namespace fvemu
