// What the 386 and amd64 targets share: the CPU features we admit to (CPUID) and the
// meaning of x86 exception vectors.
#pragma once

#include <cstdint>

#include "emu/arch/arch.h"

namespace fvemu {
class Machine;
}

namespace fvemu::x86 {

// CPUID leaf 1 EDX as fvemu reports it; Linux copies it into AT_HWCAP on x86.
uint32_t cpuid_leaf1_edx();
// Installs a CPUID hook answering with only what Unicorn really executes: its CPU
// models omit features it has (FPU, MMX, TSC, SSE3..SSE4.2) and some of what they do
// report it cannot run (ABI-FACTS 5). `long_mode` adds LM/SYSCALL/NX.
void install_cpuid(uc_engine* uc, bool long_mode);
// Makes RDTSC read the virtual clock (one tick per virtual nanosecond), not the host's
// TSC: Go seeds each thread's random generator from it, so a host value schedules every
// run differently. Unicorn 2.0.1 cannot hook RDTSC, and registers changed from a code
// hook mid-block are lost or corrupt the guest (measured), so every `0f 31` in the
// executable segments becomes an emulated-instruction stop (Machine::emulate_instruction_at).
void virtualize_rdtsc(Machine& m);

// Exception vector -> signal, as arch/x86/kernel/traps.c does it.
Trap classify_exception(uint32_t vector);
// The memory an x86 instruction touches: its memory operand (not for lea/nop) and
// the stack slot of push/call/pop/ret. `word` is 4 or 8.
std::vector<MemoryAccess> memory_accesses(uc_engine* uc, const cs_insn& insn, unsigned word);

}  // namespace fvemu::x86
