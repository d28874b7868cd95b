// Signal dispositions and masks. For now they are recorded (so the guest reads back
// what it set); delivery — synchronous faults to handlers, tgkill — comes with threads.
#include <csignal>

#include "emu/linux/syscalls/common.h"

namespace fvemu {
namespace {

constexpr int kMaxSignal = 64;

// rt_sigaction(sig, act, oact, sigsetsize). The kernel struct is {handler, flags,
// restorer} in guest words, then the 8-byte mask, on all three targets.
int64_t sys_rt_sigaction(SyscallContext& c) {
  const int sig = int_arg(c.arg[0]);
  if (c.arg[3] != 8) return -EINVAL;
  if (sig < 1 || sig > kMaxSignal) return -EINVAL;
  if (c.arg[1] && (sig == SIGKILL || sig == SIGSTOP)) return -EINVAL;
  const unsigned w = c.arch.word_size();
  AddressSpace& mem = c.m.mem();
  SignalAction& action = c.m.process().signal_actions[static_cast<size_t>(sig)];
  const SignalAction old = action;
  if (c.arg[1]) {
    auto handler = mem.read_word(c.arg[1], w), flags = mem.read_word(c.arg[1] + w, w),
         restorer = mem.read_word(c.arg[1] + 2 * w, w), mask = mem.read_word(c.arg[1] + 3 * w, 8);
    if (!handler || !flags || !restorer || !mask) return -EFAULT;
    action = SignalAction{*handler, *flags, *restorer, *mask & ~kUnblockableSignals};
  }
  if (c.arg[2]) {
    if (write_words(c, c.arg[2], {old.handler, old.flags, old.restorer}, w) < 0) return -EFAULT;
    if (!mem.write_word(c.arg[2] + 3 * w, old.mask, 8)) return -EFAULT;
  }
  return 0;
}

// rt_sigprocmask(how, set, oset, sigsetsize).
int64_t sys_rt_sigprocmask(SyscallContext& c) {
  if (c.arg[3] != 8) return -EINVAL;
  uint64_t& mask = c.m.current().signal_mask;
  const uint64_t old = mask;
  if (c.arg[1]) {
    auto set = c.m.mem().read_word(c.arg[1], 8);
    if (!set) return -EFAULT;
    switch (int_arg(c.arg[0])) {
      case SIG_BLOCK: mask |= *set; break;
      case SIG_UNBLOCK: mask &= ~*set; break;
      case SIG_SETMASK: mask = *set; break;
      default: return -EINVAL;
    }
    mask &= ~kUnblockableSignals;
  }
  if (c.arg[2] && !c.m.mem().write_word(c.arg[2], old, 8)) return -EFAULT;
  c.m.recheck_signals();  // a pending signal just unblocked is delivered before returning
  return 0;
}

// sigaltstack(ss, old_ss): stack_t is {void* sp; int flags; size_t size} in guest
// words (the int padded to a word on amd64). As kernel/signal.c do_sigaltstack: the
// old flags say SS_ONSTACK while running on it, and it cannot be changed from there.
int64_t sys_sigaltstack(SyscallContext& c) {
  constexpr int kMinSigStkSz = 2048;
  const unsigned w = c.arch.word_size();
  SignalStack& st = c.m.current().altstack;
  const SignalStack old = st;
  const bool on_it = old.contains(reg_read(c.m.uc(), c.arch.reg_sp()));
  if (c.arg[0]) {
    auto new_sp = c.m.mem().read_word(c.arg[0], w), flags = c.m.mem().read_word(c.arg[0] + w, 4),
         size = c.m.mem().read_word(c.arg[0] + 2 * w, w);
    if (!new_sp || !flags || !size) return -EFAULT;
    if (on_it) return -EPERM;
    if (*flags & ~uint64_t{SignalStack::kDisable | SignalStack::kOnStack}) return -EINVAL;
    if (*flags & SignalStack::kDisable) {
      st = SignalStack{};
    } else {
      if (*size < kMinSigStkSz) return -ENOMEM;
      st = SignalStack{*new_sp, *size, 0};
    }
  }
  if (c.arg[1]) {
    const int flags = !old.enabled() ? SignalStack::kDisable : on_it ? SignalStack::kOnStack : 0;
    if (write_words(c, c.arg[1], {old.sp, static_cast<uint64_t>(flags), old.size}, w) < 0)
      return -EFAULT;
  }
  return 0;
}

int64_t sys_rt_sigreturn(SyscallContext& c) { return c.m.sigreturn(true); }
int64_t sys_sigreturn(SyscallContext& c) { return c.m.sigreturn(false); }

// rt_sigpending(set, sigsetsize): the calling thread's pending signals that are blocked
// (the others were delivered already).
int64_t sys_rt_sigpending(SyscallContext& c) {
  if (c.arg[1] != 8) return -EINVAL;
  const Thread& t = c.m.current();
  return c.m.mem().write_word(c.arg[0], t.pending_signals & t.signal_mask, 8) ? 0 : -EFAULT;
}

// Waits until a signal handler has run (kernel/signal.c sigsuspend): always EINTR.
int64_t wait_for_handler(SyscallContext& c) {
  Thread& t = c.m.current();
  if (t.pending_signals & ~t.signal_mask) {  // one is deliverable already
    c.m.recheck_signals();
    return -EINTR;
  }
  Thread::Wait w;
  w.restart = Thread::Wait::Restart::kNever;
  return c.m.block_current(w);
}

// rt_sigsuspend(mask, sigsetsize): waits with `mask` in place; the handler's frame
// saves the caller's mask, so the caller has it back once the handler returns.
int64_t sys_rt_sigsuspend(SyscallContext& c) {
  if (c.arg[1] != 8) return -EINVAL;
  auto mask = c.m.mem().read_word(c.arg[0], 8);
  if (!mask) return -EFAULT;
  Thread& t = c.m.current();
  t.suspended_mask = t.signal_mask;
  t.signal_mask = *mask & ~kUnblockableSignals;
  return wait_for_handler(c);
}

int64_t sys_pause(SyscallContext& c) { return wait_for_handler(c); }

const SyscallHandlerDef kHandlers[] = {
    {"rt_sigsuspend", sys_rt_sigsuspend, "pu"},
    {"pause", sys_pause, ""},
    {"rt_sigreturn", sys_rt_sigreturn, ""},
    {"sigreturn", sys_sigreturn, ""},
    {"rt_sigpending", sys_rt_sigpending, "pu"},
    {"sigaltstack", sys_sigaltstack, "pp"},
    {"rt_sigaction", sys_rt_sigaction, "dppu"},
    {"rt_sigprocmask", sys_rt_sigprocmask, "dppu"},
};

}  // namespace

std::span<const SyscallHandlerDef> signal_syscalls() { return kHandlers; }

}  // namespace fvemu
