// strace-style text for one completed syscall: `write(1, "hi\n", 3) = 3`.
#pragma once

#include <optional>
#include <string>

#include "emu/linux/syscall.h"

namespace fvemu {

class AddressSpace;

std::string format_syscall(const SyscallContext& ctx, const SyscallHandlerDef* handler,
                           std::optional<int64_t> result, const AddressSpace& mem);

}  // namespace fvemu
