// A guest thread: a saved register context on the one Unicorn engine, plus the
// per-thread kernel state Linux keeps in task_struct (signal mask, pending signals,
// alternate stack, clear_child_tid, TLS).
#pragma once

#include <unicorn/unicorn.h>

#include <array>
#include <csignal>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fvemu {

struct SignalStack {
  static constexpr int kOnStack = 1, kDisable = 2;  // SS_ONSTACK, SS_DISABLE
  uint64_t sp = 0;
  uint64_t size = 0;
  int flags = kDisable;

  bool enabled() const { return flags != kDisable; }
  // Whether a stack pointer `at` is running on this stack (it grows down from sp+size).
  bool contains(uint64_t at) const { return enabled() && at > sp && at <= sp + size; }
};

// SIGKILL and SIGSTOP can be neither blocked nor caught.
inline constexpr uint64_t kUnblockableSignals = (1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1));

struct Thread {
  enum class State { kRunnable, kBlocked, kExited };

  // What a blocked thread waits for. A futex waiter is woken by futex_wake on its
  // address; every blocked thread is woken at its deadline (virtual ns), if it has one.
  struct Wait {
    uint64_t futex_addr = 0;  // 0: not a futex wait (a sleep)
    uint32_t bitset = 0;
    std::optional<uint64_t> deadline;
    int64_t result_at_deadline = 0;  // -ETIMEDOUT for futexes, 0 for sleeps
    // For waits on host file descriptors (epoll_wait, a read from an empty pipe): asked
    // at every scheduling decision; completes the syscall and returns its result once
    // it can, else nullopt.
    std::function<std::optional<int64_t>()> ready;
    // When a signal handler interrupts the wait: kIfSaRestart runs the syscall again if
    // the handler has SA_RESTART (the kernel's -ERESTARTSYS: untimed futex waits);
    // kNever fails it with EINTR (-ERESTARTNOHAND, -ERESTART_RESTARTBLOCK: sleeps,
    // timed waits, epoll_wait, select, sigsuspend). Either way the syscall runs again
    // if no handler ends up running. man 7 signal, "Interruption of system calls".
    enum class Restart { kIfSaRestart, kNever } restart = Restart::kIfSaRestart;
    // Called when a signal interrupts the wait (nanosleep writes the time left).
    std::function<void()> on_interrupt;
  };

  // The syscall a thread is blocked in, as far as restarting it needs: its number and
  // the first argument (what the result register overwrites on ARM).
  struct BlockedCall {
    std::string name;  // for --strace
    uint32_t number = 0;
    uint64_t arg0 = 0;
  };

  int tid = 0;
  State state = State::kRunnable;
  Wait wait;
  uc_context* context = nullptr;          // registers, while the thread is not on the CPU
  std::optional<int64_t> pending_result;  // syscall result to hand over when it runs again
  BlockedCall blocked_in;
  // Set when a signal ended the blocking syscall: how it may be restarted.
  std::optional<Wait::Restart> interrupted;
  uint64_t signal_mask = 0;
  // rt_sigsuspend's caller mask: the one the next handler's frame saves and restores.
  std::optional<uint64_t> suspended_mask;
  uint64_t pending_signals = 0;
  SignalStack altstack;
  uint64_t clear_child_tid = 0;
  std::array<uint64_t, 3> tls{};  // per-thread TLS the arch keeps outside the CPU (i386 GDT)
  bool observe_next_block = false;  // off the CPU: Machine::observe_next_ for this thread
  // The whole CPU state at each signal delivery (FPU, vector and segment registers
  // included), innermost last; rt_sigreturn restores it, then the frame's registers.
  std::vector<uc_context*> signal_contexts;
};

}  // namespace fvemu
