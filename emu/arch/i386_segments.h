// i386 segmentation as Linux sets it up for a 32-bit process: the GDT with flat code
// and data segments and three per-thread TLS entries (set_thread_area), and the
// process's LDT (modify_ldt). Unicorn runs the CPU's real segmentation, so these are
// real descriptor tables in pages above the task size.
#pragma once

#include <cstdint>

#include "emu/arch/guest_cpu.h"
#include "emu/linux/syscall.h"

namespace fvemu {

struct Thread;

namespace i386 {

// Once, before the first instruction: the GDT, the flat CS/SS/DS/ES, an empty LDTR.
void init_segments(GuestCpu cpu);
// Installs the struct user_desc at `desc_addr` as one of thread `t`'s TLS entries
// (set_thread_area, and clone's CLONE_SETTLS).
int64_t set_tls_entry(GuestCpu cpu, Thread& t, uint64_t desc_addr);
// After a thread switch or a sigreturn: the descriptor tables as thread `t` must see
// them (its TLS entries, the process's LDT) and %fs/%gs reloaded from them.
void reload_segments(GuestCpu cpu, const Thread& t);

int64_t sys_set_thread_area(SyscallContext& c);
int64_t sys_modify_ldt(SyscallContext& c);

}  // namespace i386
}  // namespace fvemu
