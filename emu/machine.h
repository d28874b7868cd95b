// An emulated Linux process: one Unicorn engine, one Arch, the guest's memory, files
// and process state, and the run loop. Built from a validated ElfImage.
#pragma once

#include <unicorn/unicorn.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "emu/address_space.h"
#include "emu/block_counter.h"
#include "emu/elf/elf_image.h"
#include "emu/linux/file_table.h"
#include "emu/linux/sandbox.h"
#include "emu/linux/syscall_table.h"
#include "emu/observer.h"
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
  uint64_t seed = 0;              // AT_RANDOM, getrandom
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
struct GuestIdentity {
  int pid = 1000;
  int ppid = 999;
  int uid = 1000;
  int gid = 1000;
};

struct SignalAction {
  uint64_t handler = 0;
  uint64_t flags = 0;
  uint64_t restorer = 0;
  uint64_t mask = 0;
};

class Machine {
 public:
  Machine(ElfImage image, MachineConfig config);
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  ExitStatus run();
  void add_observer(Observer* o) { observers_.push_back(o); }

  // For syscall handlers and the arch code.
  uc_engine* uc() const { return uc_; }
  const Arch& arch() const { return arch_; }
  AddressSpace& mem() { return *mem_; }
  FileTable& files() { return files_; }
  const Sandbox& sandbox() const { return sandbox_; }
  const GuestIdentity& identity() const { return identity_; }
  const ElfImage& image() const { return image_; }
  int current_tid() const { return identity_.pid; }
  uint64_t instructions() const { return insns_; }
  // The virtual clock: nanoseconds since boot, advanced by executed instructions.
  uint64_t monotonic_ns() const { return kBootMonotonicNs + insns_; }
  uint64_t realtime_ns() const { return kBootRealtimeNs + insns_; }
  void fill_random(void* out, size_t len);  // seeded, deterministic

  uint64_t brk_start() const { return brk_start_; }
  uint64_t& brk_current() { return brk_; }
  std::array<SignalAction, 65>& signal_actions() { return signal_actions_; }
  uint64_t& signal_mask() { return signal_mask_; }
  uint64_t& clear_child_tid() { return clear_child_tid_; }

  // Ends the guest with `status` once the current syscall returns.
  void exit_group(int status);
  // A synchronous signal with no handler: the guest dies (signal delivery is later work).
  void raise_fatal_signal(int signo, uint64_t pc, std::optional<uint64_t> fault_address,
                          std::string detail = {});
  // Called by the arch's trap hooks.
  void handle_syscall();
  // Code bytes in [begin, end) changed (ARM cacheflush, guest writes over code).
  void invalidate_code(uint64_t begin, uint64_t end);
  // "main+0x12" for a guest address, or "".
  std::string describe(uint64_t addr) const;

  static constexpr uint64_t kBootMonotonicNs = 1000ull * 1000000000ull;
  static constexpr uint64_t kBootRealtimeNs = 1704067200ull * 1000000000ull;  // 2024-01-01

 private:
  void load_image();
  void build_stack();
  void install_hooks();
  void report_unsupported(uint32_t number, const char* name);
  std::optional<ExitStatus> status_after_stop(uc_err err);
  // Kills the guest with SIGXCPU if a limit was reached; true if it did.
  bool enforce_limits(uint64_t pc);

  static void hook_block(uc_engine* uc, uint64_t addr, uint32_t size, void* self);
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
  GuestIdentity identity_;
  std::vector<Observer*> observers_;

  uint64_t load_bias_ = 0;
  uint64_t brk_start_ = 0;
  uint64_t brk_ = 0;
  std::array<SignalAction, 65> signal_actions_{};
  uint64_t signal_mask_ = 0;
  uint64_t clear_child_tid_ = 0;
  uint64_t rng_state_;

  uint64_t insns_ = 0;
  // Limits, checked on every block: kept to one compare and one relaxed load.
  uint64_t insn_limit_ = UINT64_MAX;
  std::atomic<bool> time_up_{false};
  std::unique_ptr<Watchdog> watchdog_;  // while run() runs with a --timeout
  std::optional<ExitStatus> final_status_;  // set when the guest is done
  std::set<std::string> reported_unsupported_;
};

}  // namespace fvemu
