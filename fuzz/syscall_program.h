// Machine code for a guest that makes a list of syscalls, each with its number and six
// arguments as immediates, then calls exit_group(0): real instructions for each
// instruction set, so that the syscalls arrive exactly as a compiled program's do.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace fvemu::fuzz {

enum class GuestIsa { k386, kAmd64, kArm, kThumb };

struct SyscallCall {
  uint64_t number;
  std::array<uint64_t, 6> args;  // truncated to 32 bits on 386 and ARM
};

// `exit_group`: that syscall's number on this arch.
std::vector<uint8_t> syscall_program(GuestIsa isa, const std::vector<SyscallCall>& calls,
                                     uint32_t exit_group);

}  // namespace fvemu::fuzz
