// Finds the instruction that faulted on a memory access. Unicorn 2.0.1 stops on an
// unmapped or protected access with the general registers up to date but the PC left
// at the start of the translated block (cputlb.c exits with cpu_loop_exit, not
// cpu_loop_exit_restore). Linux, and Go's sigpanic, need the exact PC: so the block
// is decoded and the first instruction whose access, computed from the current
// registers, covers the fault address is the one that faulted.
#pragma once

#include <unicorn/unicorn.h>

#include <cstdint>
#include <optional>

namespace fvemu {

class Arch;

std::optional<uint64_t> locate_faulting_instruction(uc_engine* uc, const Arch& arch,
                                                    uint64_t block, uint32_t block_size,
                                                    uint64_t fault_addr);

}  // namespace fvemu
