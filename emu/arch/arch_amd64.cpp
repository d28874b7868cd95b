// amd64 (x86-64): ELF64 EM_X86_64, `syscall` instruction with the number in RAX and
// arguments in RDI RSI RDX R10 R8 R9, TLS through the FS base (arch_prctl).
#include <elf.h>

#include <csignal>

#include "emu/arch/arch.h"
#include "emu/arch/x86_cpu.h"
#include "emu/linux/syscall.h"
#include "emu/machine.h"

namespace fvemu {
namespace {

const SyscallName kSyscallNames[] = {
#include "emu/linux/abi/syscalls_amd64.inc"
};

// arch/x86/include/uapi/asm/stat.h, struct stat (x86_64).
constexpr StatLayout kStat = {
    .size = 144, .dev = {0, 8}, .ino = {8, 8}, .ino_low = {}, .mode = {24, 4}, .nlink = {16, 8},
    .uid = {28, 4}, .gid = {32, 4}, .rdev = {40, 8}, .st_size = {48, 8}, .blksize = {56, 8},
    .blocks = {64, 8}, .atime = {72, 8}, .atime_nsec = {80, 8}, .mtime = {88, 8},
    .mtime_nsec = {96, 8}, .ctime = {104, 8}, .ctime_nsec = {112, 8}};

// arch_prctl(2): arch/x86/kernel/process_64.c do_arch_prctl_64.
int64_t sys_arch_prctl(SyscallContext& c) {
  constexpr uint64_t kSetGs = 0x1001, kSetFs = 0x1002, kGetFs = 0x1003, kGetGs = 0x1004;
  uc_engine* uc = c.m.uc();
  switch (c.arg[0]) {
    case kSetFs: reg_write(uc, UC_X86_REG_FS_BASE, c.arg[1]); return 0;
    case kSetGs: reg_write(uc, UC_X86_REG_GS_BASE, c.arg[1]); return 0;
    case kGetFs:
      return c.m.mem().write_word(c.arg[1], reg_read(uc, UC_X86_REG_FS_BASE), 8) ? 0 : -EFAULT;
    case kGetGs:
      return c.m.mem().write_word(c.arg[1], reg_read(uc, UC_X86_REG_GS_BASE), 8) ? 0 : -EFAULT;
    default: return -EINVAL;
  }
}

const SyscallHandlerDef kArchSyscalls[] = {
    {"arch_prctl", sys_arch_prctl, "xp"},
};

// The `syscall` instruction. RIP is at the instruction; Unicorn steps over it after.
void on_syscall_insn(uc_engine*, void* machine) { static_cast<Machine*>(machine)->handle_syscall(); }

class ArchAmd64 final : public Arch {
 public:
  std::string_view name() const override { return "amd64"; }
  uint16_t elf_machine() const override { return EM_X86_64; }
  uint8_t elf_class() const override { return ELFCLASS64; }
  unsigned word_size() const override { return 8; }
  std::string_view uname_machine() const override { return "x86_64"; }
  std::string_view platform() const override { return "x86_64"; }

  uc_arch unicorn_arch() const override { return UC_ARCH_X86; }
  uc_mode unicorn_mode() const override { return UC_MODE_64; }
  int unicorn_cpu_model() const override { return UC_CPU_X86_QEMU64; }
  cs_arch capstone_arch() const override { return CS_ARCH_X86; }
  cs_mode capstone_mode(uc_engine*) const override { return CS_MODE_64; }
  int reg_pc() const override { return UC_X86_REG_RIP; }
  int reg_sp() const override { return UC_X86_REG_RSP; }

  uint64_t task_size() const override { return 0x7ffffffff000; }
  uint64_t stack_top() const override { return 0x7ffffffff000; }
  uint64_t mmap_top() const override { return 0x7fffeffff000; }  // 128 MiB stack gap
  uint64_t static_pie_base() const override { return 0x555555554000; }
  uint64_t run_until_sentinel() const override { return 0xfffffffffffff000; }
  uint64_t hwcap() const override { return x86::cpuid_leaf1_edx(); }
  const StatLayout* stat_layout() const override { return &kStat; }
  const StatLayout* stat64_layout() const override { return nullptr; }

  std::span<const SyscallName> syscall_names() const override { return kSyscallNames; }
  uint32_t syscall_number(uc_engine* uc) const override {
    return static_cast<uint32_t>(reg_read(uc, UC_X86_REG_RAX));
  }
  void syscall_args(uc_engine* uc, uint64_t out[6]) const override {
    const int regs[] = {UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX,
                        UC_X86_REG_R10, UC_X86_REG_R8,  UC_X86_REG_R9};
    for (int i = 0; i < 6; i++) out[i] = reg_read(uc, regs[i]);
  }
  void set_syscall_result(uc_engine* uc, uint64_t v) const override {
    reg_write(uc, UC_X86_REG_RAX, v);
  }
  uint64_t syscall_arg64(const uint64_t args[6], unsigned slot) const override {
    return args[slot];
  }
  std::span<const SyscallHandlerDef> arch_syscalls() const override { return kArchSyscalls; }

  void init_cpu(Machine& m) const override {
    uc_hook h;
    uc_hook_add(m.uc(), &h, UC_HOOK_INSN, reinterpret_cast<void*>(&on_syscall_insn), &m, 1, 0,
                UC_X86_INS_SYSCALL);
    x86::install_cpuid(m.uc(), true);
  }
  void set_entry(uc_engine* uc, uint64_t entry, uint64_t sp) const override {
    reg_write(uc, UC_X86_REG_RIP, entry);
    reg_write(uc, UC_X86_REG_RSP, sp);
    reg_write(uc, UC_X86_REG_RDX, 0);  // no atexit function from a dynamic loader
  }
  uint64_t resume_address(uc_engine* uc) const override { return reg_read(uc, UC_X86_REG_RIP); }
  Trap classify_interrupt(uint32_t intno) const override { return x86::classify_exception(intno); }
};

}  // namespace

const Arch& arch_amd64() {
  static const ArchAmd64 arch;
  return arch;
}

}  // namespace fvemu
