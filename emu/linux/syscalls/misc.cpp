// What fits no other topic: getrandom.
#include "emu/linux/syscalls/common.h"

#include <vector>

namespace fvemu {
namespace {

// getrandom(buf, len, flags): bytes from the seeded generator (--seed), never the host's.
int64_t sys_getrandom(SyscallContext& c) {
  const uint64_t len = std::min<uint64_t>(c.arg[1], 1 << 25);  // as the kernel caps a call
  std::vector<uint8_t> buf(len);
  c.m.process().fill_random(buf.data(), buf.size());
  if (copy_out(c, c.arg[0], buf.data(), buf.size()) < 0) return -EFAULT;
  return static_cast<int64_t>(len);
}

const SyscallHandlerDef kHandlers[] = {
    {"getrandom", sys_getrandom, "pux"},
};

}  // namespace

std::span<const SyscallHandlerDef> misc_syscalls() { return kHandlers; }

}  // namespace fvemu
