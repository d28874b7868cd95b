#include "emu/arch/i386_segments.h"

#include <sys/mman.h>

#include <vector>

#include "emu/arch/arch.h"
#include "emu/machine.h"
#include "emu/thread.h"

namespace fvemu::i386 {
namespace {

constexpr uint64_t kGdtBase = 0xffffe000;
constexpr uint32_t kGdtEntries = 32;
// A 64-bit kernel's compat GDT has the TLS slots at 12..14 (GDT_ENTRY_TLS_MIN), which
// is what 386 binaries see on today's machines (ABI-FACTS 3).
constexpr uint32_t kTlsFirst = 12, kTlsLast = 14;
// The LDT: LDT_ENTRIES (8192) descriptors right below the GDT, mapped when the process
// first writes one (the kernel allocates mm->context.ldt then too).
constexpr uint32_t kLdtEntries = 8192;
constexpr uint64_t kLdtBytes = kLdtEntries * 8;
constexpr uint64_t kLdtBase = kGdtBase - kLdtBytes;

// Flat 4 GiB segments for CS and SS/DS/ES. Unicorn starts with descriptor caches that
// lack the D/B bit, and QEMU recomputes the 32-bit code/stack flags from those caches on
// every segment load, so the guest's own `mov %ax,%gs` would turn the stack 16-bit
// unless CS and SS come from real 32-bit descriptors. Unicorn runs the guest at CPL 0,
// so these have DPL 0; the TLS and LDT entries have DPL 3 like Linux's.
constexpr uint32_t kCodeEntry = 1, kDataEntry = 2;
constexpr uint64_t kFlatCode = 0x00cf9b000000ffff;  // base 0, limit 4G, 32-bit, exec/read
constexpr uint64_t kFlatData = 0x00cf93000000ffff;  // base 0, limit 4G, 32-bit, read/write

// struct user_desc (asm/ldt.h): entry_number, base_addr, limit, then flag bits.
struct UserDesc {
  uint32_t entry, base, limit, flags;
  bool seg_32bit() const { return flags & 1; }
  uint32_t contents() const { return (flags >> 1) & 3; }
  bool read_exec_only() const { return flags & 8; }
  bool limit_in_pages() const { return flags & 16; }
  bool seg_not_present() const { return flags & 32; }
  bool useable() const { return flags & 64; }
  // asm/desc.h LDT_empty: the pattern that means "clear this entry".
  bool empty() const {
    return base == 0 && limit == 0 && contents() == 0 && read_exec_only() && !seg_32bit() &&
           !limit_in_pages() && seg_not_present() && !useable();
  }
};

// The 8-byte segment descriptor for a user_desc (asm/desc.h fill_ldt).
uint64_t encode_descriptor(const UserDesc& d) {
  const uint32_t type = (d.contents() << 2) | (d.read_exec_only() ? 0 : 2) | 1;  // accessed
  const uint32_t access = (d.seg_not_present() ? 0 : 0x80) | 0x60 /*DPL 3*/ | 0x10 | type;
  const uint32_t gran =
      (d.limit_in_pages() ? 8 : 0) | (d.seg_32bit() ? 4 : 0) | (d.useable() ? 1 : 0);
  const uint32_t lo = (d.limit & 0xffff) | (d.base << 16);
  const uint32_t hi = ((d.base >> 16) & 0xff) | (access << 8) | (d.limit & 0xf0000) |
                      (gran << 20) | (d.base & 0xff000000);
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

bool ldt_exists(GuestCpu cpu) { return cpu.mem.find(kLdtBase) != nullptr; }

// The LDT belongs to the process (mm->context.ldt), so every thread's LDTR points at
// the one table; a limit of 0 until it exists makes any LDT selector fault, as Linux.
void load_ldtr(GuestCpu cpu) {
  uc_x86_mmr ldtr{0, kLdtBase, ldt_exists(cpu) ? static_cast<uint32_t>(kLdtBytes - 1) : 0, 0};
  uc_reg_write(cpu.uc, UC_X86_REG_LDTR, &ldtr);
}

// modify_ldt func 0: the whole table as far as asked, zero past the last entry; 0
// while the process has none (arch/x86/kernel/ldt.c read_ldt).
int64_t read_ldt(GuestCpu cpu, uint64_t ptr, uint64_t bytecount) {
  if (!ldt_exists(cpu)) return 0;
  std::vector<uint8_t> table(std::min(bytecount, kLdtBytes));
  if (!cpu.mem.read(kLdtBase, table.data(), table.size()) ||
      !cpu.mem.write(ptr, table.data(), table.size()))
    return -EFAULT;
  return static_cast<int64_t>(table.size());
}

// modify_ldt func 2: the "default LDT", which a 64-bit kernel reports as 128 zero bytes.
int64_t read_default_ldt(GuestCpu cpu, uint64_t ptr, uint64_t bytecount) {
  const std::vector<uint8_t> zeros(std::min<uint64_t>(bytecount, 128));
  return cpu.mem.write(ptr, zeros.data(), zeros.size()) ? static_cast<int64_t>(zeros.size())
                                                        : -EFAULT;
}

// modify_ldt func 1 (old mode: no AVL bit, base 0 and limit 0 clear) and 0x11.
int64_t write_ldt(GuestCpu cpu, uint64_t ptr, uint64_t bytecount, bool old_mode) {
  UserDesc d;
  if (bytecount != sizeof d) return -EINVAL;
  if (!cpu.mem.read(ptr, &d, sizeof d)) return -EFAULT;
  if (d.entry >= kLdtEntries) return -EINVAL;
  if (d.contents() == 3 && (old_mode || !d.seg_not_present())) return -EINVAL;
  if (old_mode) d.flags &= ~64u;
  const bool clear = (old_mode && d.base == 0 && d.limit == 0) || d.empty();
  const uint64_t descriptor = clear ? 0 : encode_descriptor(d);
  if (!ldt_exists(cpu)) {
    cpu.mem.map_special(kLdtBase, kLdtBytes, PROT_READ | PROT_WRITE, "[ldt]");
    load_ldtr(cpu);
  }
  cpu.mem.write(kLdtBase + d.entry * 8, &descriptor, 8);
  return 0;
}

}  // namespace

void init_segments(GuestCpu cpu) {
  cpu.mem.map_special(kGdtBase, 4096, PROT_READ | PROT_WRITE, "[gdt]");
  cpu.mem.write(kGdtBase + kCodeEntry * 8, &kFlatCode, 8);
  cpu.mem.write(kGdtBase + kDataEntry * 8, &kFlatData, 8);
  uc_x86_mmr gdtr{0, kGdtBase, kGdtEntries * 8 - 1, 0};
  uc_reg_write(cpu.uc, UC_X86_REG_GDTR, &gdtr);
  load_ldtr(cpu);
  reg_write(cpu.uc, UC_X86_REG_CS, kCodeEntry << 3);
  for (int seg : {UC_X86_REG_SS, UC_X86_REG_DS, UC_X86_REG_ES})
    reg_write(cpu.uc, seg, kDataEntry << 3);
}

// arch/x86/kernel/tls.c do_set_thread_area: entry -1 picks a free one and writes its
// number back. Each thread has its own entries; the GDT holds the running thread's
// (reload_segments), as the kernel's load_TLS does on every switch.
int64_t set_tls_entry(GuestCpu cpu, Thread& t, uint64_t desc_addr) {
  UserDesc d;
  AddressSpace& mem = cpu.mem;
  if (!mem.read(desc_addr, &d, sizeof d)) return -EFAULT;
  if (d.entry == 0xffffffff) {
    for (d.entry = kTlsFirst; d.entry <= kTlsLast && t.tls[d.entry - kTlsFirst] != 0; d.entry++) {
    }
    if (d.entry > kTlsLast) return -ESRCH;
    if (!mem.write(desc_addr, &d.entry, 4)) return -EFAULT;
  }
  if (d.entry < kTlsFirst || d.entry > kTlsLast) return -EINVAL;
  t.tls[d.entry - kTlsFirst] = encode_descriptor(d);
  if (&t == &cpu.thread) mem.write(kGdtBase + d.entry * 8, &t.tls[d.entry - kTlsFirst], 8);
  return 0;
}

void reload_segments(GuestCpu cpu, const Thread& t) {
  cpu.mem.write(kGdtBase + kTlsFirst * 8, t.tls.data(), t.tls.size() * 8);
  load_ldtr(cpu);
  // Reload the selectors so their hidden base comes from this thread's descriptors
  // (the bug that breaks qemu-i386: one GDT, every thread's %gs pointing at the last).
  for (int seg : {UC_X86_REG_GS, UC_X86_REG_FS}) reg_write(cpu.uc, seg, reg_read(cpu.uc, seg));
}

int64_t sys_set_thread_area(SyscallContext& c) { return set_tls_entry(c.m.cpu(), c.m.current(), c.arg[0]); }

// modify_ldt(func, ptr, bytecount) (arch/x86/kernel/ldt.c).
int64_t sys_modify_ldt(SyscallContext& c) {
  switch (c.arg[0] & 0xffffffff) {
    case 0: return read_ldt(c.m.cpu(), c.arg[1], c.arg[2] & 0xffffffff);
    case 1: return write_ldt(c.m.cpu(), c.arg[1], c.arg[2] & 0xffffffff, true);
    case 2: return read_default_ldt(c.m.cpu(), c.arg[1], c.arg[2] & 0xffffffff);
    case 0x11: return write_ldt(c.m.cpu(), c.arg[1], c.arg[2] & 0xffffffff, false);
    default: return -ENOSYS;
  }
}

}  // namespace fvemu::i386
