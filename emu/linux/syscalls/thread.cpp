// Threads: clone (threads only, no fork), exit, yield, CPU affinity, tkill/tgkill.
// The scheduling itself is emu/scheduler.h; this is the syscall surface over it.
#include <csignal>

#include "emu/linux/syscalls/common.h"

namespace fvemu {
namespace {

// include/uapi/linux/sched.h
constexpr uint64_t kCloneVm = 0x100, kCloneSighand = 0x800, kCloneThread = 0x10000,
                   kCloneSettls = 0x80000, kCloneParentSettid = 0x100000,
                   kCloneChildCleartid = 0x200000, kCloneChildSettid = 0x1000000;

// The CPUs the guest sees: fixed, so GOMAXPROCS and friends do not depend on the host.
constexpr int kGuestCpus = 2;

// Threads only: CLONE_VM|CLONE_SIGHAND|CLONE_THREAD required, whatever else (Go 2013
// binaries pass 0x10f00 without CLONE_SYSVSEM, which Linux accepts too).
int64_t do_clone(SyscallContext& c, const Arch::CloneArgs& a) {
  const uint64_t need = kCloneVm | kCloneSighand | kCloneThread;
  if ((a.flags & need) != need) return -ENOSYS;  // new processes (fork) are not emulated
  const int64_t tid = c.m.spawn_thread(a.stack, a.tls, a.flags & kCloneSettls);
  if (tid < 0) return tid;
  Thread* child = c.m.scheduler().find(static_cast<int>(tid));
  const uint32_t tid32 = static_cast<uint32_t>(tid);
  if ((a.flags & kCloneParentSettid) && !c.m.mem().write(a.parent_tid, &tid32, 4)) return -EFAULT;
  if ((a.flags & kCloneChildSettid) && !c.m.mem().write(a.child_tid, &tid32, 4)) return -EFAULT;
  if (a.flags & kCloneChildCleartid) child->clear_child_tid = a.child_tid;
  return tid;
}

int64_t sys_clone(SyscallContext& c) { return do_clone(c, c.arch.clone_args(c.arg)); }

// clone3(struct clone_args*, size): u64 flags, pidfd, child_tid, parent_tid,
// exit_signal, stack, stack_size, tls (include/uapi/linux/sched.h); the stack is given
// by its lowest address and size.
int64_t sys_clone3(SyscallContext& c) {
  constexpr uint64_t kCloneArgsSizeVer0 = 64, kClonePidfd = 0x1000;
  if (c.arg[1] < kCloneArgsSizeVer0) return -EINVAL;
  uint64_t f[8];
  if (!c.m.mem().read(c.arg[0], f, sizeof f)) return -EFAULT;
  if (f[0] & kClonePidfd) return -EINVAL;  // pidfds are not emulated
  const uint64_t stack_top = f[5] ? f[5] + f[6] : 0;
  return do_clone(c, Arch::CloneArgs{f[0], stack_top, f[3], f[2], f[7]});
}

int64_t sys_exit(SyscallContext& c) {
  c.m.exit_thread(int_arg(c.arg[0]));
  return 0;
}

int64_t sys_exit_group(SyscallContext& c) {
  c.m.exit_group(int_arg(c.arg[0]));
  return 0;
}

int64_t sys_sched_yield(SyscallContext& c) {
  c.m.yield();
  return 0;
}

// sched_getaffinity(pid, len, mask): returns the bytes of the mask written, like the
// kernel (a whole number of longs).
int64_t sys_sched_getaffinity(SyscallContext& c) {
  const unsigned w = c.arch.word_size();
  if (c.arg[1] < w || c.arg[1] % w) return -EINVAL;
  const uint64_t mask = (1ull << kGuestCpus) - 1;
  return c.m.mem().write_word(c.arg[2], mask, w) ? static_cast<int64_t>(w) : -EFAULT;
}

int64_t sys_sched_setaffinity(SyscallContext&) { return 0; }

// getcpu(cpu, node, cache), kernel/sys.c: the CPU and NUMA node the caller runs on,
// each pointer optional; the cache argument is unused since Linux 2.6.24. fvemu runs
// one guest thread at a time, so every thread is on CPU 0 of node 0: deterministic.
int64_t sys_getcpu(SyscallContext& c) {
  for (int i = 0; i < 2; i++)
    if (c.arg[i] && !c.m.mem().write_word(c.arg[i], 0, 4)) return -EFAULT;
  return 0;
}

int64_t sys_tkill(SyscallContext& c) { return c.m.send_signal(int_arg(c.arg[0]), int_arg(c.arg[1])); }

int64_t sys_tgkill(SyscallContext& c) {
  if (int_arg(c.arg[0]) != c.m.process().identity.pid) return -ESRCH;
  return c.m.send_signal(int_arg(c.arg[1]), int_arg(c.arg[2]));
}

// kill(pid, sig), to itself (its pid, or 0: its process group) only: the guest's world
// has no other process. kill(-1) signals every process but the caller
// (kernel/signal.c kill_something_info), so here none: ESRCH.
int64_t sys_kill(SyscallContext& c) {
  const int pid = int_arg(c.arg[0]), sig = int_arg(c.arg[1]);
  if (pid != c.m.process().identity.pid && pid != 0) return -ESRCH;
  return c.m.send_process_signal(sig);
}

const SyscallHandlerDef kHandlers[] = {
    {"clone", sys_clone, "xppxx"},
    {"clone3", sys_clone3, "pu"},
    {"exit", sys_exit, "d"},
    {"exit_group", sys_exit_group, "d"},
    {"sched_yield", sys_sched_yield, ""},
    {"sched_getaffinity", sys_sched_getaffinity, "dup"},
    {"sched_setaffinity", sys_sched_setaffinity, "dup"},
    {"getcpu", sys_getcpu, "ppp"},
    {"tkill", sys_tkill, "dd"},
    {"tgkill", sys_tgkill, "ddd"},
    {"kill", sys_kill, "dd"},
};

}  // namespace

std::span<const SyscallHandlerDef> thread_syscalls() { return kHandlers; }

}  // namespace fvemu
