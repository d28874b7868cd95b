// An emulated Linux process: one Unicorn engine, one Arch, the guest's memory, files
// and process state, and the run loop. Built from a validated ElfImage.
#pragma once

#include <unicorn/unicorn.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "emu/address_space.h"
#include "emu/arch/guest_cpu.h"
#include "emu/block_counter.h"
#include "emu/elf/elf_image.h"
#include "emu/elf/image_view.h"
#include "emu/guest_clock.h"
#include "emu/interval_timers.h"
#include "emu/linux/file_table.h"
#include "emu/linux/sandbox.h"
#include "emu/linux/syscall_table.h"
#include "emu/observer.h"
#include "emu/process_state.h"
#include "emu/resource_limits.h"
#include "emu/scheduler.h"
#include "emu/signal_frame.h"
#include "emu/thread.h"
#include "emu/watchdog.h"

namespace fvemu {

class Arch;

struct MachineConfig {
  std::vector<std::string> argv;  // argv[0] is the program as the user named it
  std::vector<std::string> env;   // exactly the guest's environment
  std::vector<std::string> ro_dirs;
  std::vector<std::string> rw_dirs;
  uint64_t max_insns = 0;         // 0: no limit
  double timeout_seconds = 0;     // 0: no limit (host wall time)
  // Resource limits (README "Limits"). Reaching one fails the guest's call as Linux
  // would, with a note on `diagnostics`; only max_output ends the run, with SIGXFSZ.
  uint64_t max_memory = kDefaultMaxMemory;  // bytes Unicorn backs: ENOMEM past them
  uint32_t max_threads = 1024;    // threads alive at once: clone fails with EAGAIN
  uint32_t max_files = 1024;      // open fds (RLIMIT_NOFILE): EMFILE
  uint64_t max_output = 0;        // bytes written to stdout, stderr and files; 0: no limit
  static constexpr uint64_t kDefaultMaxMemory = uint64_t{4} << 30;
  uint64_t seed = 0;              // AT_RANDOM, getrandom
  bool realtime = false;          // host clocks instead of the virtual clock (not deterministic)
  // Benchmarks only (bench/run.py --floor): bare Unicorn, with no block hook and so no
  // instruction count: host clocks (implies realtime), threads switch only when they
  // block or yield; no --max-insns, CPU-time timers, quanta or TLB upkeep.
  bool floor = false;
  std::array<int, 3> stdio = {0, 1, 2};  // host fds the guest's 0, 1, 2 start as copies of
  FILE* strace = nullptr;         // print every syscall here when set
  FILE* diagnostics = stderr;     // one-time notes (unsupported syscalls)
};

struct ExitStatus {
  enum Kind { kExited, kKilled } kind = kExited;
  int code = 0;            // exit status, or the signal number when killed
  uint64_t pc = 0;         // where the fatal signal was raised
  std::optional<uint64_t> fault_address;
  std::string detail;      // e.g. "instruction limit 1000 reached"
  int host_status() const { return kind == kExited ? (code & 0xff) : 128 + code; }

  static ExitStatus exited(int status) { return {kExited, status & 0xff, 0, std::nullopt, {}}; }
  static ExitStatus killed(int signo, uint64_t pc, std::optional<uint64_t> fault_address = {},
                           std::string detail = {}) {
    return {kKilled, signo, pc, fault_address, std::move(detail)};
  }
};

// The fixed identity the guest sees (deterministic, whatever the host is).
class Machine {
 public:
  Machine(ElfImage image, MachineConfig config);
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Runs the guest until it ends, and returns how.
  ExitStatus run() { return *run_until(UINT64_MAX); }
  // Runs the guest until it ends (returns how), or until it has run at least `insns`
  // instructions in all: then it pauses at the next block boundary and returns
  // nullopt. A later call carries on where this one stopped, exactly as if the run
  // had never paused. --timeout counts only the time spent inside these calls.
  std::optional<ExitStatus> run_until(uint64_t insns);
  // How the guest ended, once it has.
  const std::optional<ExitStatus>& final_status() const { return final_status_; }
  // Ends the run from any thread, or from a signal handler (it only sets a flag): the
  // guest is killed with SIGINT at its next block or syscall. Called from a handler on
  // the thread running the guest, it also makes a blocking host call return at once.
  // `signo` is what the guest is killed with (fvemu's own SIGINT, SIGTERM, SIGHUP).
  void interrupt(int signo = SIGINT) {
    interrupt_signal_.store(signo, std::memory_order_relaxed);
    stop_requested_.store(true, std::memory_order_relaxed);
  }
  void add_observer(Observer* o);

  // For syscall handlers and the arch code.
  const MachineConfig& config() const { return config_; }
  uc_engine* uc() const { return uc_; }
  GuestCpu cpu() { return {uc_, *mem_, *current_}; }
  // The one map of translated blocks, where observers attach what they keep of each.
  BlockCounter& blocks() { return block_counter_; }
  const Arch& arch() const { return arch_; }
  AddressSpace& mem() { return *mem_; }
  FileTable& files() { return files_; }
  const Sandbox& sandbox() const { return sandbox_; }
  const ElfImage& image() const { return image_; }
  // The image as loaded (its load bias applied), read from the file.
  ImageView image_view() const { return {image_, load_bias_}; }
  uint64_t load_bias() const { return load_bias_; }
  // Instructions Unicorn cannot hook but the machine must answer itself (x86 RDTSC
  // must read the virtual clock). Each `addr` is a Unicorn exit: the run loop stops
  // before executing the instruction there, outside any hook, and calls `emulate`,
  // which does its work and moves the PC past it. An address that is not really an
  // instruction start is never reached, so candidates may be over-approximated.
  using InstructionEmulator = void (*)(Machine&, uint64_t addr);
  void emulate_instruction_at(uint64_t addr, InstructionEmulator emulate) { emulated_[addr] = emulate; }
  uint64_t instructions() const { return insns_; }
  // The guest's clocks and interval timers, and the rest of the process's state.
  const GuestClock& clock() const { return clock_; }
  ProcessState& process() { return process_; }
  // setitimer: the clock's timer, and the run's next stop moved to when it is due.
  IntervalTimers::Setting set_interval_timer(IntervalTimers::Which which, IntervalTimers::Setting s);

  // Threads.
  Thread& current() { return *current_; }
  int current_tid() const { return current_->tid; }
  Scheduler& scheduler() { return scheduler_; }
  // clone(2) for CLONE_THREAD: a new thread starting where the caller returns, with
  // `stack` (if non-zero) as its stack pointer. Returns its tid or -errno.
  int64_t spawn_thread(uint64_t stack, uint64_t tls, bool set_tls);
  // Blocks the calling thread; its handler then returns kSyscallBlocked.
  int64_t block_current(Thread::Wait wait);
  // Gives up the CPU at the end of this syscall (sched_yield).
  void yield() { request_switch(); }
  // The calling thread exits (exit(2)); the process ends with the last one.
  void exit_thread(int status);
  // Ends the guest with `status` once the current syscall returns.
  void exit_group(int status);
  // How many of `len` bytes the guest may still write (--max-output); nothing left
  // kills it with SIGXFSZ. limits() counts what was written and notes limits reached.
  uint64_t output_allowance(uint64_t len);
  ResourceLimits& limits() { return limits_; }

  // Signals. Marks `sig` pending on thread `tid` (tkill/tgkill), interrupting a
  // blocking syscall; it is delivered before the thread next runs.
  int64_t send_signal(int tid, int sig);
  // A signal to the whole process (kill(2), interval timers): one thread that does not
  // block it gets it.
  int64_t send_process_signal(int sig);
  // A synchronous fault of the running thread (SIGSEGV, SIGFPE, ...): delivered to its
  // handler if it has one, else the guest dies of it.
  void raise_fault(const SigInfo& info, uint64_t pc);
  // rt_sigreturn (rt) and the old sigreturn.
  int64_t sigreturn(bool rt);
  // The running thread's mask changed or it signalled itself: deliver what became
  // deliverable as soon as the current syscall returns, on this same thread.
  void recheck_signals();
  // A synchronous signal with no handler: the guest dies (signal delivery is later work).
  void raise_fatal_signal(int signo, uint64_t pc, std::optional<uint64_t> fault_address,
                          std::string detail = {});
  // Called by the arch's trap hooks.
  void handle_syscall();
  // Code bytes in [begin, end) changed (ARM cacheflush, guest writes over code).
  void invalidate_code(uint64_t begin, uint64_t end);
  // "main+0x12" for a guest address, or "".
  std::string describe(uint64_t addr) const;
  // The instruction at `addr` as Capstone reads it in the CPU's current mode, or "".
  std::string disassemble(uint64_t addr) const;

 private:
  // Frees the Unicorn engine and everything of it (thread contexts, memory): the
  // destructor, and a constructor that fails half-way.
  void release_engine();
  // Frees thread `t`'s saved CPU contexts (its own and its signal handlers').
  void free_contexts(Thread& t);
  void load_image();
  void build_stack();
  [[noreturn]] void throw_too_little_memory() const;
  void install_hooks();
  void report_unsupported(uint32_t number, const char* name);
  // Turns an error Unicorn stopped with into the fault Linux would raise.
  void fault_from_error(uc_err err);
  void install_exits();
  // Runs the current thread until it must give up the CPU, faults, or the guest ends.
  void run_slice();
  // What a hook asked the run loop to do between two uc_emu_start calls, where no
  // translated block is running: drop a stale translation, flush the TLB. True if
  // there was something (the stop was for it, and the guest carries on).
  bool upkeep();
  void request_switch();
  // Ends uc_emu_start as soon as possible. From a block hook: before that block runs.
  void stop_emulation() {
    stopping_ = true;
    uc_emu_stop(uc_);
  }
  // Picks the thread to run next and puts it on the CPU; false when none can run.
  bool schedule();
  // Delivers the running thread's first unblocked pending signal; false if it killed
  // the guest.
  bool deliver_pending_signal();
  // Builds the handler frame for `info` on the running thread; false if the guest died.
  bool enter_handler(const SigInfo& info);
  // A signal ends thread `t`'s blocking syscall: it is woken with EINTR.
  void interrupt_syscall(Thread& t);
  // Before the running thread handles a signal (`handler`, or null if none runs): if
  // the signal interrupted its syscall, make that syscall run again where it should.
  void finish_interrupted_syscall(const SignalAction* handler);
  void handle_fault();
  void switch_to(Thread& next);
  // The instruction count at which the block hook must look up from the guest: the
  // instruction limit, the end of the slice, or the next interval timer.
  void update_stop_point();
  // Sends the signals of the interval timers that are due; true if that made a
  // thread runnable.
  bool fire_timers();
  // Kills the guest with SIGXCPU if a limit was reached, or with SIGINT if it was
  // interrupted; true if it did.
  bool enforce_limits(uint64_t pc);
  // --timeout ran out or interrupt() was called: the run must end.
  bool stop_requested() const { return stop_requested_.load(std::memory_order_relaxed); }
  // run_until's count was reached before the block of `insns` instructions that is
  // about to run: stop before it; true if the run pauses.
  bool pause_before(uint32_t insns);
  // The block hook's rare path, once the instruction count passed stop_at_: limits,
  // timers, fvemu's own stop request, the end of the quantum, the TLB flush schedule.
  // The block of `insns` instructions is counted; false if it must not run now.
  bool at_stop_point(uint64_t addr, uint32_t insns);

  static void hook_block(uc_engine* uc, uint64_t addr, uint32_t size, void* self);
  // What hook_block does for a block when there is more to do than count it.
  void enter_block(uc_engine* uc, uint64_t addr, uint32_t size);
  void set_observe_next(bool on) {
    observe_next_ = on;
    fast_path_limit_ = on ? 0 : stop_at_;
  }
  static void hook_interrupt(uc_engine* uc, uint32_t intno, void* self);
  static bool hook_bad_memory(uc_engine* uc, uc_mem_type type, uint64_t addr, int size,
                              int64_t value, void* self);

  ElfImage image_;
  MachineConfig config_;
  const Arch& arch_;
  uc_engine* uc_ = nullptr;
  std::unique_ptr<AddressSpace> mem_;
  SyscallTable syscalls_;
  BlockCounter block_counter_;
  FileTable files_;
  Sandbox sandbox_;
  std::vector<Observer*> observers_;
  std::map<uint64_t, InstructionEmulator> emulated_;

  uint64_t load_bias_ = 0;
  ProcessState process_;
  ResourceLimits limits_{config_.max_output, config_.diagnostics};

  Scheduler scheduler_;
  Thread* current_ = nullptr;  // the thread whose registers are on the CPU
  uc_context* parent_scratch_ = nullptr;  // spawn_thread's copy of the parent
  int next_tid_;
  bool switch_requested_ = false;
  bool stopping_ = false;  // stop_emulation() was called since uc_emu_start
  bool recheck_signals_ = false;

  // Instructions a thread runs before the next one gets the CPU. Small enough that
  // spinning threads hand over quickly, large enough that switches (two context
  // copies, ~0.2 us) cost little.
  static constexpr uint64_t kQuantum = 50000;
  // What hook_block reads and writes for every block, side by side in memory.
  uint64_t insns_ = 0;
  uint64_t fast_path_limit_ = 0;  // stop_at_, or 0 when observers must see the next block
  bool observe_next_ = false;  // the current thread's next block goes to the observers
  uint64_t block_addr_ = 0;  // the translated block running now, for locating faults
  uint32_t block_size_ = 0;
  GuestClock clock_{insns_, config_.realtime};
  uint64_t slice_end_ = UINT64_MAX;
  // Unicorn's soft TLB starts at 256 entries and resizes only when flushed (qemu's
  // tlb_mmu_resize_locked doubles it when over 70% was used since the last flush).
  // Nothing flushes it in a user-mode guest, so a working set over 256 pages (1 MiB;
  // 256 KiB in ARM's 1 KiB pages) refilled it on nearly every access: ARM compute ran
  // 3x slower. The run loop flushes it at kTlbFirstFlush instructions, then at gaps
  // doubling up to kTlbMaxGap: each flush costs a refill of the working set; the
  // size qemu picks depends on host time, which changes speed, not what the guest sees.
  static constexpr uint64_t kTlbFirstFlush = 1'000'000, kTlbMaxGap = 64'000'000;
  uint64_t tlb_flush_at_ = kTlbFirstFlush;
  uint64_t tlb_flush_gap_ = kTlbFirstFlush;
  bool tlb_flush_due_ = false;
  // A block hook found code in a writable page changed under its translation.
  std::optional<std::pair<uint64_t, uint64_t>> stale_code_;
  // update_stop_point(): where the block hook must look up from the guest. The run
  // stops there at least every kQuantum instructions, which is also how soon the
  // block hook sees stop_requested_.
  uint64_t stop_at_ = UINT64_MAX;
  uint64_t insn_limit_ = UINT64_MAX;
  std::atomic<bool> stop_requested_{false};  // by the --timeout watchdog or interrupt()
  std::atomic<int> interrupt_signal_{0};     // interrupt()'s signal; 0: it was --timeout
  uint64_t pause_at_ = UINT64_MAX;  // run_until's instruction count
  bool paused_ = false;             // the last slice stopped at pause_at_
  bool resume_slice_ = false;       // carry on with the paused thread, no rescheduling
  bool exit_observed_ = false;      // observers were told of the exit
  double run_seconds_ = 0;          // host time spent running, for --timeout
  std::unique_ptr<Watchdog> watchdog_;  // while run() runs with a --timeout
  std::optional<ExitStatus> final_status_;  // set when the guest is done
  std::set<std::string> reported_unsupported_;
  struct PendingFault {
    SigInfo info;
    uint64_t pc;
  };
  std::optional<PendingFault> fault_;  // raised by a hook, handled by the run loop
};

}  // namespace fvemu
