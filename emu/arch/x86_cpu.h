// What the 386 and amd64 targets share: the CPU model, and the meaning of x86
// exception vectors.
#pragma once

#include <cstdint>

#include "emu/arch/arch.h"

namespace fvemu {
class Machine;
}

namespace fvemu::x86 {

// The CPU Unicorn emulates, and so the guest's CPUID answers. Unicorn 2.1 executes
// exactly the features its model reports (the translator checks the model's CPUID
// bits; 2.0.1 ran SSSE3 and SSE4 whatever the model, so fvemu used to answer CPUID
// itself). Its default, qemu64, has neither, which glibc's str* functions use when
// CPUID reports them. Nehalem is the newest model all of whose features Unicorn runs
// (no AVX, no XSAVE): SSE3 to SSE4.2, POPCNT, CX16. cases/native/cpu_features.c runs
// one instruction of every feature CPUID reports, and checks AT_HWCAP against it.
constexpr int kCpuModel = UC_CPU_X86_NEHALEM;
// CPUID.1:EDX of that model (FPU TSC CX8 CMOV CLFLUSH MMX FXSR SSE SSE2 and the
// system bits), which Linux copies into AT_HWCAP on x86.
constexpr uint32_t kHwcap = 0x078bfbfd;
// Makes RDTSC read the virtual clock (one tick per virtual nanosecond), not the host's
// TSC: Go seeds each thread's random generator from it, so a host value schedules every
// run differently. Unicorn 2.0.1 cannot hook RDTSC, and registers changed from a code
// hook mid-block are lost or corrupt the guest (measured), so every `0f 31` in the
// executable segments becomes an emulated-instruction stop (Machine::emulate_instruction_at).
void virtualize_rdtsc(Machine& m);

// Exception vector -> signal, as arch/x86/kernel/traps.c does it. Also tells the CPU
// the exception was delivered (forget_exception).
Trap classify_exception(uc_engine* uc, uint32_t vector);
// The memory an x86 instruction touches: its memory operand (not for lea/nop) and
// the stack slot of push/call/pop/ret. `word` is 4 or 8.
std::vector<MemoryAccess> memory_accesses(uc_engine* uc, const cs_insn& insn, unsigned word);

// Arch::register_id for a CPU whose registers are `word` bytes wide (Unicorn's
// 32-bit x86 reads EDX, not RDX): AX..R15, SP and PC, named the Go assembler's way.
int register_id(std::string_view go_name, unsigned word);

}  // namespace fvemu::x86
