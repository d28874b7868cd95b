// Signal delivery (kernel/signal.c, arch/*/kernel/signal.c): which signal, whether it
// runs a handler or takes its default action, which stack, which mask. The frame
// layouts are per arch (Arch::setup_signal_frame / restore_signal_frame).
#include <csignal>
#include <utility>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/guest_error.h"
#include "emu/linux/syscall.h"
#include "emu/machine.h"

namespace fvemu {
namespace {

constexpr uint64_t kSigDfl = 0, kSigIgn = 1;

uint64_t bit(int sig) { return 1ull << (sig - 1); }

// Signals whose default action is to do nothing (or to stop/continue, which a lone
// emulated process cannot meaningfully do).
bool ignored_by_default(int sig) {
  switch (sig) {
    case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
      return true;
    default:
      return false;
  }
}

}  // namespace

int64_t Machine::send_signal(int tid, int sig) {
  if (sig < 0 || sig > 64) return -EINVAL;
  Thread* t = scheduler_.find(tid);
  if (!t) return -ESRCH;
  if (sig == 0) return 0;
  // An ignored signal is discarded when sent (kernel/signal.c sig_ignored): it neither
  // becomes pending nor interrupts a blocking syscall.
  const SignalAction& a = process_.signal_actions[static_cast<size_t>(sig)];
  if (a.handler == kSigIgn || (a.handler == kSigDfl && ignored_by_default(sig))) return 0;
  t->pending_signals |= bit(sig);
  if (t->signal_mask & bit(sig)) return 0;
  if (t->state == Thread::State::kBlocked) interrupt_syscall(*t);
  if (t == current_) recheck_signals();
  return 0;
}

int64_t Machine::send_process_signal(int sig) {
  // Checked before bit(sig) below (kill(2) passes the guest's number straight here);
  // kernel/signal.c check_kill_permission: !valid_signal(sig) is EINVAL.
  if (sig < 0 || sig > 64) return -EINVAL;
  // kernel/signal.c complete_signal: the main thread if it does not block the signal,
  // else another thread that does not; if all block it, it waits on the main thread.
  for (const auto& [tid, t] : scheduler_.threads())
    if (t->state != Thread::State::kExited && !(sig > 0 && (t->signal_mask & bit(sig))))
      return send_signal(tid, sig);
  for (const auto& [tid, t] : scheduler_.threads())
    if (t->state != Thread::State::kExited) return send_signal(tid, sig);
  return -ESRCH;
}

void Machine::interrupt_syscall(Thread& t) {
  if (t.wait.on_interrupt) t.wait.on_interrupt();
  t.interrupted = t.wait.restart;
  scheduler_.wake(t, -EINTR);
}

void Machine::finish_interrupted_syscall(const SignalAction* handler) {
  Thread& t = *current_;
  if (!t.interrupted) return;
  const bool restart = !handler || (*t.interrupted == Thread::Wait::Restart::kIfSaRestart &&
                                    (handler->flags & kSaRestart));
  t.interrupted.reset();
  if (!restart) return;  // the EINTR the thread was woken with stands
  // A restarted sigsuspend installs its temporary mask again itself.
  if (t.suspended_mask) t.signal_mask = *std::exchange(t.suspended_mask, std::nullopt);
  arch_.restart_syscall(uc_, t.blocked_in.number, t.blocked_in.arg0);
}

void Machine::recheck_signals() {
  if (!(current_->pending_signals & ~current_->signal_mask)) return;
  recheck_signals_ = true;
  stop_emulation();
}

void Machine::raise_fault(const SigInfo& info, uint64_t pc) {
  if (!fault_) fault_ = PendingFault{info, pc};
  stop_emulation();
}

void Machine::handle_fault() {
  const PendingFault f = *fault_;
  fault_.reset();
  arch_.set_pc(uc_, f.pc);  // precisely at the faulting instruction
  const SignalAction& a = process_.signal_actions[static_cast<size_t>(f.info.signo)];
  // A fault that is blocked or ignored cannot be survived: the kernel's force_sig
  // resets it to the default action, which kills.
  if (a.handler == kSigDfl || a.handler == kSigIgn || (current_->signal_mask & bit(f.info.signo))) {
    // Observers still see the fault that ends the process: a call to an unmapped or
    // non-executable target is completed by it (harness/trace).
    // The report names a fault address for memory faults only (for SIGILL and SIGFPE
    // si_addr is just the PC again).
    const bool memory_fault = f.info.signo == SIGSEGV || f.info.signo == SIGBUS;
    for (Observer* o : observers_)
      o->on_signal(*this, f.info.signo, true, memory_fault ? f.info.addr : std::nullopt);
    final_status_ = ExitStatus::killed(f.info.signo, f.pc,
                                       memory_fault ? f.info.addr : std::nullopt);
    return;
  }
  enter_handler(f.info);
}

bool Machine::deliver_pending_signal() {
  Thread& t = *current_;
  const uint64_t ready = t.pending_signals & ~t.signal_mask;
  if (!ready) {
    finish_interrupted_syscall(nullptr);
    return true;
  }
  const int sig = __builtin_ctzll(ready) + 1;
  t.pending_signals &= ~bit(sig);
  const SignalAction& a = process_.signal_actions[static_cast<size_t>(sig)];
  if (a.handler == kSigIgn || (a.handler == kSigDfl && ignored_by_default(sig))) {
    finish_interrupted_syscall(nullptr);
    return true;
  }
  if (a.handler == kSigDfl) {
    final_status_ = ExitStatus::killed(sig, reg_read(uc_, arch_.reg_pc()));
    return false;
  }
  // Restart or fail the syscall the signal interrupted before the frame saves the
  // registers (arch/*/kernel/signal.c handle_signal does it in this order).
  finish_interrupted_syscall(&a);
  SigInfo info;
  info.signo = sig;
  info.code = kSiTkill;
  info.sender_pid = process_.identity.pid;
  info.sender_uid = process_.identity.uid;
  return enter_handler(info);
}

bool Machine::enter_handler(const SigInfo& info) {
  // si_code > 0: the kernel raised it for an instruction (a fault), not a sender.
  const bool memory_fault = info.code > 0 && (info.signo == SIGSEGV || info.signo == SIGBUS);
  for (Observer* o : observers_)
    o->on_signal(*this, info.signo, info.code > 0, memory_fault ? info.addr : std::nullopt);
  Thread& t = *current_;
  SignalAction& a = process_.signal_actions[static_cast<size_t>(info.signo)];
  const uint64_t sp = reg_read(uc_, arch_.reg_sp());
  const bool on_alt = t.altstack.contains(sp);
  const bool switch_stack = (a.flags & kSaOnstack) && t.altstack.enabled() && !on_alt;

  SignalFrameRequest req;
  req.info = info;
  req.handler = a.handler;
  req.flags = a.flags;
  req.restorer = a.restorer;
  req.sp = switch_stack ? t.altstack.sp + t.altstack.size : sp;
  req.on_altstack = switch_stack || on_alt;
  req.altstack_sp = t.altstack.sp;
  req.altstack_size = t.altstack.size;
  req.altstack_flags = !t.altstack.enabled() ? SignalStack::kDisable
                       : on_alt                 ? SignalStack::kOnStack
                                                : 0;
  // After rt_sigsuspend the handler returns to the caller's mask, not the temporary one.
  req.saved_mask = t.suspended_mask.value_or(t.signal_mask);
  t.suspended_mask.reset();

  uc_context* snapshot;
  uc_context_alloc(uc_, &snapshot);
  uc_context_save(uc_, snapshot);
  if (!arch_.setup_signal_frame(cpu(), req)) {
    uc_context_restore(uc_, snapshot);
    uc_context_free(snapshot);
    final_status_ = ExitStatus::killed(SIGSEGV, reg_read(uc_, arch_.reg_pc()), req.sp,
                                       fmt::format("no room for the {} frame on the stack",
                                                   signal_name(info.signo)));
    return false;
  }
  t.signal_contexts.push_back(snapshot);
  t.signal_mask |= a.mask | ((a.flags & kSaNodefer) ? 0 : bit(info.signo));
  t.signal_mask &= ~kUnblockableSignals;
  if (a.flags & kSaResethand) a = SignalAction{};
  return true;
}

int64_t Machine::sigreturn(bool rt) {
  Thread& t = *current_;
  // Back to the CPU state of the delivery (FPU, vector, segment registers), then the
  // general registers as the frame has them: the handler may have edited those.
  uc_context* at_delivery = t.signal_contexts.empty() ? nullptr : t.signal_contexts.back();
  const std::optional<uint64_t> mask = arch_.restore_signal_frame(cpu(), at_delivery, rt);
  if (at_delivery) {
    uc_context_free(at_delivery);
    t.signal_contexts.pop_back();
  }
  if (!mask) {
    raise_fatal_signal(SIGSEGV, reg_read(uc_, arch_.reg_pc()), reg_read(uc_, arch_.reg_sp()),
                       "rt_sigreturn with an unreadable signal frame");
    return kSyscallNoResult;
  }
  t.signal_mask = *mask & ~kUnblockableSignals;
  recheck_signals();
  return kSyscallNoResult;
}

}  // namespace fvemu
