// futex(2) (kernel/futex/): the wait queues live in the Scheduler, timeouts run on the
// virtual clock. Private and shared futexes are the same thing in one process.
#include <linux/futex.h>

#include "emu/linux/syscalls/clock.h"
#include "emu/linux/syscalls/common.h"

namespace fvemu {
namespace {

int64_t futex_wait(SyscallContext& c, uint64_t addr, uint32_t expected, uint32_t bitset,
                   std::optional<uint64_t> deadline) {
  if (addr % 4) return -EINVAL;
  uint32_t now_value;
  if (!c.m.mem().read(addr, &now_value, 4)) return -EFAULT;
  if (now_value != expected) return -EAGAIN;
  Thread::Wait w;
  w.futex_addr = addr;
  w.bitset = bitset;
  w.deadline = deadline;
  w.result_at_deadline = -ETIMEDOUT;
  // kernel/futex/waitwake.c futex_wait: -ERESTARTSYS without a timeout, else a restart
  // block, which a handler turns into EINTR.
  if (deadline) w.restart = Thread::Wait::Restart::kNever;
  return c.m.block_current(w);
}

// FUTEX_WAKE_OP's operation on *uaddr2 and its comparison (futex_atomic_op_inuser).
bool wake_op(SyscallContext& c, uint64_t addr2, uint32_t encoded) {
  const uint32_t op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
  uint32_t oparg = (encoded >> 12) & 0xfff, cmparg = encoded & 0xfff;
  if (encoded & (8u << 28)) oparg = 1u << (oparg & 31);  // FUTEX_OP_OPARG_SHIFT
  uint32_t old;
  if (!c.m.mem().read(addr2, &old, 4)) return false;
  uint32_t next = old;
  switch (op) {
    case FUTEX_OP_SET: next = oparg; break;
    case FUTEX_OP_ADD: next = old + oparg; break;
    case FUTEX_OP_OR: next = old | oparg; break;
    case FUTEX_OP_ANDN: next = old & ~oparg; break;
    case FUTEX_OP_XOR: next = old ^ oparg; break;
  }
  c.m.mem().write(addr2, &next, 4);
  const int32_t o = static_cast<int32_t>(old), a = static_cast<int32_t>(cmparg);
  switch (cmp) {
    case FUTEX_OP_CMP_EQ: return o == a;
    case FUTEX_OP_CMP_NE: return o != a;
    case FUTEX_OP_CMP_LT: return o < a;
    case FUTEX_OP_CMP_LE: return o <= a;
    case FUTEX_OP_CMP_GT: return o > a;
    case FUTEX_OP_CMP_GE: return o >= a;
    default: return false;
  }
}

// futex(uaddr, op, val, timeout | val2, uaddr2, val3).
int64_t do_futex(SyscallContext& c, unsigned timespec_field_size) {
  const uint64_t addr = c.arg[0], addr2 = c.arg[4];
  const int op = int_arg(c.arg[1]) & FUTEX_CMD_MASK;
  const bool realtime = c.arg[1] & FUTEX_CLOCK_REALTIME;
  const uint32_t val = static_cast<uint32_t>(c.arg[2]), val3 = static_cast<uint32_t>(c.arg[5]);
  const int val2 = int_arg(c.arg[3]);
  Scheduler& s = c.m.scheduler();
  switch (op) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      const uint32_t bitset = op == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3;
      if (bitset == 0) return -EINVAL;
      std::optional<uint64_t> deadline;
      if (c.arg[3]) {
        auto ns = read_timespec(c, c.arg[3], timespec_field_size);
        if (!ns) return -EINVAL;
        // FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's is absolute.
        deadline = op == FUTEX_WAIT
                       ? c.m.clock().uptime_ns() + *ns
                       : *uptime_at(c.m, realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, *ns);
      }
      return futex_wait(c, addr, val, bitset, deadline);
    }
    case FUTEX_WAKE:
      return s.futex_wake(addr, static_cast<int>(val), FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAKE_BITSET:
      if (val3 == 0) return -EINVAL;
      return s.futex_wake(addr, static_cast<int>(val), val3);
    case FUTEX_CMP_REQUEUE:
    case FUTEX_REQUEUE: {
      if (op == FUTEX_CMP_REQUEUE) {
        uint32_t now_value;
        if (!c.m.mem().read(addr, &now_value, 4)) return -EFAULT;
        if (now_value != val3) return -EAGAIN;
      }
      const int woken = s.futex_wake(addr, static_cast<int>(val), FUTEX_BITSET_MATCH_ANY);
      return woken + s.futex_requeue(addr, addr2, val2);
    }
    case FUTEX_WAKE_OP: {
      int woken = s.futex_wake(addr, static_cast<int>(val), FUTEX_BITSET_MATCH_ANY);
      if (wake_op(c, addr2, val3)) woken += s.futex_wake(addr2, val2, FUTEX_BITSET_MATCH_ANY);
      return woken;
    }
    default:
      return -ENOSYS;  // priority-inheritance futexes are not emulated
  }
}

int64_t sys_futex(SyscallContext& c) { return do_futex(c, c.arch.word_size()); }
int64_t sys_futex_time64(SyscallContext& c) { return do_futex(c, 8); }

const SyscallHandlerDef kHandlers[] = {
    {"futex", sys_futex, "pxdppx"},
    {"futex_time64", sys_futex_time64, "pxdppx"},
};

}  // namespace

std::span<const SyscallHandlerDef> futex_syscalls() { return kHandlers; }

}  // namespace fvemu
