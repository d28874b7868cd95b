// arm (32-bit, EABI, little-endian): ELF32 EM_ARM, `svc 0` with the number in R7 and
// arguments in R0-R5. TLS is TPIDRURO (set_tls, 0xf0005), read by the kernel user
// helpers at 0xffff0fe0. ARM and Thumb code both run; the entry's bit 0 picks.
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>

#include <csignal>

#include "emu/arch/arch.h"
#include "emu/linux/syscall.h"
#include "emu/machine.h"

namespace fvemu {
namespace {

const SyscallName kSyscallNames[] = {
#include "emu/linux/abi/syscalls_arm.inc"
};

// arch/arm/include/uapi/asm/stat.h, struct stat64 (EABI: long long is 8-byte aligned).
constexpr StatLayout kStat64 = {
    .size = 104, .dev = {0, 8}, .ino = {96, 8}, .ino_low = {12, 4}, .mode = {16, 4},
    .nlink = {20, 4}, .uid = {24, 4}, .gid = {28, 4}, .rdev = {32, 8}, .st_size = {48, 8},
    .blksize = {56, 4}, .blocks = {64, 8}, .atime = {72, 4}, .atime_nsec = {76, 4},
    .mtime = {80, 4}, .mtime_nsec = {84, 4}, .ctime = {88, 4}, .ctime_nsec = {92, 4}};

// AT_HWCAP bits (arch/arm/include/uapi/asm/hwcap.h) for what Unicorn's Cortex-A15 runs.
constexpr uint64_t kHwcap = (1 << 0) /*SWP*/ | (1 << 1) /*HALF*/ | (1 << 2) /*THUMB*/ |
                            (1 << 4) /*FAST_MULT*/ | (1 << 6) /*VFP*/ | (1 << 7) /*EDSP*/ |
                            (1 << 12) /*NEON*/ | (1 << 13) /*VFPv3*/ | (1 << 15) /*TLS*/ |
                            (1 << 16) /*VFPv4*/ | (1 << 17) /*IDIVA*/ | (1 << 18) /*IDIVT*/ |
                            (1 << 19) /*VFPD32*/ | (1 << 20) /*LPAE*/;

// The kernel user helpers (arch/arm/kernel/entry-armv.S __kuser_helper_start), ARM
// code at fixed addresses. Guest threads are switched only between translated
// blocks, and each helper is a single block (conditional execution, no branch
// before `bx lr`), so each runs atomically, like the kernel's own pre-ARMv6 versions.
constexpr uint64_t kKuserPage = 0xffff0000;
struct KuserHelper {
  uint32_t offset;
  std::initializer_list<uint32_t> code;
};
const KuserHelper kKuserHelpers[] = {
    {0xf60,  // __kuser_cmpxchg64(r0 = &old, r1 = &new, r2 = ptr): r0 = 0 and C set if swapped
     {0xe92d00f0,    // push {r4, r5, r6, r7}
      0xe8900030,    // ldm r0, {r4, r5}
      0xe89200c0,    // ldm r2, {r6, r7}
      0xe0563004,    // subs r3, r6, r4
      0x00573005,    // subseq r3, r7, r5
      0x08910030,    // ldmeq r1, {r4, r5}
      0x08820030,    // stmeq r2, {r4, r5}
      0xe8bd00f0,    // pop {r4, r5, r6, r7}
      0xe2730000,    // rsbs r0, r3, #0
      0xe12fff1e}},  // bx lr
    {0xfa0,          // __kuser_memory_barrier: one engine, nothing to order
     {0xe12fff1e}},  // bx lr
    {0xfc0,          // __kuser_cmpxchg(r0 = old, r1 = new, r2 = ptr): r0 = 0 and C set if swapped
     {0xe5923000,    // ldr r3, [r2]
      0xe0533000,    // subs r3, r3, r0
      0x05821000,    // streq r1, [r2]
      0xe2730000,    // rsbs r0, r3, #0
      0xe12fff1e}},  // bx lr
    {0xfe0,          // __kuser_get_tls: r0 = TPIDRURO
     {0xee1d0f70,    // mrc p15, 0, r0, c13, c0, 3
      0xe12fff1e}},  // bx lr
    {0xffc,          // __kuser_helper_version: 5 helper slots of 32 bytes from 0xf60
     {5}},
};

int64_t sys_set_tls(SyscallContext& c) {
  reg_write(c.m.uc(), UC_ARM_REG_C13_C0_3, c.arg[0]);
  return 0;
}

int64_t sys_get_tls(SyscallContext& c) { return reg_read(c.m.uc(), UC_ARM_REG_C13_C0_3); }

// cacheflush(start, end, flags): the guest wrote code; drop what was translated.
int64_t sys_cacheflush(SyscallContext& c) {
  if (c.arg[1] < c.arg[0]) return -EINVAL;
  c.m.invalidate_code(c.arg[0], c.arg[1]);
  return 0;
}

const SyscallHandlerDef kArchSyscalls[] = {
    {"set_tls", sys_set_tls, "p"},
    {"get_tls", sys_get_tls, ""},
    {"cacheflush", sys_cacheflush, "ppx"},
};

// open(2) flags whose bits differ (arch/arm/include/uapi/asm/fcntl.h vs the x86 host).
struct FlagPair {
  int arm, x86;
};
constexpr FlagPair kOpenFlagDiffs[] = {
    {040000, 0200000},   // O_DIRECTORY
    {0100000, 0400000},  // O_NOFOLLOW
    {0200000, 040000},   // O_DIRECT
    {0400000, 0100000},  // O_LARGEFILE
};

int translate_open_flags(int flags, bool to_host) {
  int out = flags;
  for (const FlagPair& p : kOpenFlagDiffs) out &= ~(to_host ? p.arm : p.x86);
  for (const FlagPair& p : kOpenFlagDiffs)
    if (flags & (to_host ? p.arm : p.x86)) out |= to_host ? p.x86 : p.arm;
  return out;
}

class ArchArm final : public Arch {
 public:
  std::string_view name() const override { return "arm"; }
  uint16_t elf_machine() const override { return EM_ARM; }
  uint8_t elf_class() const override { return ELFCLASS32; }
  unsigned word_size() const override { return 4; }
  std::string_view uname_machine() const override { return "armv7l"; }
  std::string_view platform() const override { return "v7l"; }

  uc_arch unicorn_arch() const override { return UC_ARCH_ARM; }
  uc_mode unicorn_mode() const override { return UC_MODE_ARM; }
  int unicorn_cpu_model() const override { return UC_CPU_ARM_CORTEX_A15; }
  cs_arch capstone_arch() const override { return CS_ARCH_ARM; }
  cs_mode capstone_mode(uc_engine* uc) const override {
    return (reg_read(uc, UC_ARM_REG_CPSR) & (1u << 5)) ? CS_MODE_THUMB : CS_MODE_ARM;
  }
  int reg_pc() const override { return UC_ARM_REG_PC; }
  int reg_sp() const override { return UC_ARM_REG_SP; }

  uint64_t task_size() const override { return 0xbf000000; }
  uint64_t stack_top() const override { return 0xbf000000; }
  uint64_t mmap_top() const override { return 0xb7000000; }  // 128 MiB stack gap
  uint64_t static_pie_base() const override { return 0x7f555000; }
  uint64_t run_until_sentinel() const override { return 0xfffff000; }
  uint64_t hwcap() const override { return kHwcap; }
  const StatLayout* stat_layout() const override { return nullptr; }
  const StatLayout* stat64_layout() const override { return &kStat64; }

  std::span<const SyscallName> syscall_names() const override { return kSyscallNames; }
  uint32_t syscall_number(uc_engine* uc) const override {
    return static_cast<uint32_t>(reg_read(uc, UC_ARM_REG_R7));
  }
  void syscall_args(uc_engine* uc, uint64_t out[6]) const override {
    for (int i = 0; i < 6; i++) out[i] = reg_read(uc, UC_ARM_REG_R0 + i) & 0xffffffff;
  }
  void set_syscall_result(uc_engine* uc, uint64_t v) const override {
    reg_write(uc, UC_ARM_REG_R0, v & 0xffffffff);
  }
  uint64_t syscall_arg64(const uint64_t args[6], unsigned slot) const override {
    slot = (slot + 1) & ~1u;  // EABI: 64-bit values go in an even/odd register pair
    return args[slot] | (args[slot + 1] << 32);
  }
  std::span<const SyscallHandlerDef> arch_syscalls() const override { return kArchSyscalls; }
  int open_flags_to_host(int flags) const override { return translate_open_flags(flags, true); }
  int open_flags_from_host(int flags) const override {
    return translate_open_flags(flags, false);
  }

  void init_cpu(Machine& m) const override {
    uc_engine* uc = m.uc();
    reg_write(uc, UC_ARM_REG_FPEXC, 0x40000000);  // VFP/NEON enabled (FPEXC.EN)
    reg_write(uc, UC_ARM_REG_CPSR, (reg_read(uc, UC_ARM_REG_CPSR) & ~0x1fu) | 0x10);  // user mode
    m.mem().map_special(kKuserPage, 4096, PROT_READ | PROT_EXEC, "[vectors]");
    for (const KuserHelper& h : kKuserHelpers) {
      uint64_t at = kKuserPage + h.offset;
      for (uint32_t word : h.code) {
        m.mem().write(at, &word, 4);
        at += 4;
      }
    }
  }
  void set_entry(uc_engine* uc, uint64_t entry, uint64_t sp) const override {
    reg_write(uc, UC_ARM_REG_PC, entry);  // bit 0 selects Thumb, as a BX would
    reg_write(uc, UC_ARM_REG_SP, sp);
    reg_write(uc, UC_ARM_REG_R0, 0);  // no atexit function from a dynamic loader
  }
  uint64_t resume_address(uc_engine* uc) const override {
    const bool thumb = reg_read(uc, UC_ARM_REG_CPSR) & (1u << 5);
    return reg_read(uc, UC_ARM_REG_PC) | (thumb ? 1 : 0);
  }
  Trap classify_interrupt(uint32_t intno) const override {
    // target/arm/cpu.h EXCP_*: 1 UDEF, 2 SWI, 3 prefetch abort, 4 data abort, 7 BKPT.
    constexpr int kIllIllOpc = 1, kTrapBrkpt = 1, kSegvMapErr = 1;
    switch (intno) {
      case 2: return {Trap::kSyscall};
      case 1: return {Trap::kSignal, SIGILL, kIllIllOpc};
      case 7: return {Trap::kSignal, SIGTRAP, kTrapBrkpt};
      default: return {Trap::kSignal, SIGSEGV, kSegvMapErr};
    }
  }
};

}  // namespace

const Arch& arch_arm() {
  static const ArchArm arch;
  return arch;
}

}  // namespace fvemu
