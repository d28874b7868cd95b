// Machine: guest threads: spawning, exiting, scheduling and switching between them, and
// the engine contexts each keeps (the rest of the machine is in machine.cpp).
#include "emu/machine.h"

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"

namespace fvemu {

void Machine::free_contexts(Thread& t) {
  if (t.context) uc_context_free(t.context);
  t.context = nullptr;
  for (uc_context* c : t.signal_contexts) uc_context_free(c);
  t.signal_contexts.clear();
}

void Machine::request_switch() {
  switch_requested_ = true;
  stop_emulation();
}

int64_t Machine::block_current(Thread::Wait wait) {
  scheduler_.block(*current_, wait);
  request_switch();
  return kSyscallBlocked;
}

int64_t Machine::spawn_thread(uint64_t stack, uint64_t tls, bool set_tls) {
  // The kernel's answer past RLIMIT_NPROC or threads-max (kernel/fork.c).
  if (scheduler_.live() >= config_.max_threads) {
    limits_.note("threads", fmt::format("guest thread limit of {} reached (--max-threads): clone "
                                        "returns EAGAIN", config_.max_threads));
    return -EAGAIN;
  }
  Thread& child = scheduler_.create(next_tid_++);
  uc_context_alloc(uc_, &child.context);
  child.signal_mask = current_->signal_mask;
  child.tls = current_->tls;
  // Shape the live CPU into the child, keep that as its context, then put the parent
  // back. (uc_context_reg_write would be simpler, but crashes on ARM in Unicorn 2.0.1.)
  // The child returns from the same syscall, with 0, on its own stack.
  if (!parent_scratch_) uc_context_alloc(uc_, &parent_scratch_);
  uc_context_save(uc_, parent_scratch_);
  reg_write(uc_, arch_.reg_pc(), arch_.syscall_return_address(uc_));
  reg_write(uc_, arch_.reg_syscall_result(), 0);
  if (stack) reg_write(uc_, arch_.reg_sp(), stack);
  const int64_t r = set_tls ? arch_.set_new_thread_tls(cpu(), child, tls) : 0;
  uc_context_save(uc_, child.context);
  uc_context_restore(uc_, parent_scratch_);
  if (r < 0) {
    scheduler_.exit(child);
    return r;
  }
  return child.tid;
}

void Machine::exit_thread(int status) {
  Thread& t = *current_;
  // CLONE_CHILD_CLEARTID (kernel/fork.c mm_release): zero the word and wake a waiter.
  if (t.clear_child_tid) {
    const uint32_t zero = 0;
    if (mem_->write(t.clear_child_tid, &zero, 4)) scheduler_.futex_wake(t.clear_child_tid, 1, ~0u);
  }
  scheduler_.exit(t);
  if (scheduler_.live() == 0)
    exit_group(status);
  else
    request_switch();
}

bool Machine::schedule() {
  Thread* next = nullptr;
  for (;;) {
    // When every thread waits, the clock jumps to the next deadline: a thread's or
    // ITIMER_REAL's, whose signal may end a wait.
    uint64_t now = clock_.uptime_ns();
    next = scheduler_.pick(current_, now, clock_.timers().next_real());
    if (now > clock_.uptime_ns()) clock_.idle_until(now, [this] { return stop_requested(); });
    const bool woke = fire_timers();
    if (next || !woke || stop_requested()) break;
  }
  if (!next) {
    final_status_ = ExitStatus::killed(
        SIGKILL, reg_read(uc_, arch_.reg_pc()), std::nullopt,
        fmt::format("deadlock: all {} threads wait forever (no timeout, no signal can come)",
                    scheduler_.live()));
    return false;
  }
  if (next != current_) switch_to(*next);
  if (next->pending_result) {
    arch_.set_syscall_result(uc_, static_cast<uint64_t>(*next->pending_result));
    if (config_.strace)
      fmt::print(config_.strace, "[{}] <... {} resumed> = {}\n", next->tid, next->blocked_in.name,
                 *next->pending_result);
    next->pending_result.reset();
  }
  if (!deliver_pending_signal()) return false;
  slice_end_ = insns_ + kQuantum;
  update_stop_point();
  return true;
}

void Machine::switch_to(Thread& next) {
  Thread& prev = *current_;
  const bool prev_exited = prev.state == Thread::State::kExited;
  if (!prev_exited) uc_context_save(uc_, prev.context);
  uc_context_restore(uc_, next.context);
  prev.observe_next_block = observe_next_;
  set_observe_next(next.observe_next_block);
  current_ = &next;
  arch_.switch_in(cpu(), next);
  // An exited thread is never needed again: free it now, so that a guest starting and
  // ending threads forever does not grow fvemu (as the kernel reaps a dead thread).
  if (prev_exited) {
    free_contexts(prev);
    scheduler_.reap(prev);
  }
}

void Machine::exit_group(int status) {
  if (final_status_) return;
  final_status_ = ExitStatus::exited(status);
  stop_emulation();
}

}  // namespace fvemu
