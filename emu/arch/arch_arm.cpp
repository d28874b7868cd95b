// arm (32-bit, EABI, little-endian): ELF32 EM_ARM, `svc 0` with the number in R7 and
// arguments in R0-R5. TLS is TPIDRURO (set_tls, 0xf0005), read by the kernel user
// helpers at 0xffff0fe0. ARM and Thumb code both run; the entry's bit 0 picks.
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>

#include <csignal>

#include "emu/arch/arch.h"
#include "emu/arch/frame_bytes.h"
#include "emu/signal_frame.h"
#include "emu/linux/syscall.h"
#include "emu/machine.h"
#include "emu/thread.h"

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
    {0x500,          // fvemu's signal return trampolines (the kernel's are in its sigpage)
     {0xe3a070ad,    // mov r7, #173 (__NR_rt_sigreturn)
      0xef000000,    // svc #0
      0xe3a07077,    // mov r7, #119 (__NR_sigreturn)
      0xef000000}},  // svc #0
};
constexpr uint64_t kRtSigreturnTrampoline = kKuserPage + 0x500;
constexpr uint64_t kSigreturnTrampoline = kKuserPage + 0x508;

// r0..r15 as Unicorn numbers them (sp, lr and pc are not contiguous with r0..r12).
constexpr int kCoreRegs[16] = {UC_ARM_REG_R0,  UC_ARM_REG_R1,  UC_ARM_REG_R2,  UC_ARM_REG_R3,
                               UC_ARM_REG_R4,  UC_ARM_REG_R5,  UC_ARM_REG_R6,  UC_ARM_REG_R7,
                               UC_ARM_REG_R8,  UC_ARM_REG_R9,  UC_ARM_REG_R10, UC_ARM_REG_R11,
                               UC_ARM_REG_R12, UC_ARM_REG_SP,  UC_ARM_REG_LR,  UC_ARM_REG_PC};

// Capstone's core register -> Unicorn's.
int unicorn_reg(arm_reg r) {
  if (r >= ARM_REG_R0 && r <= ARM_REG_R12) return kCoreRegs[r - ARM_REG_R0];
  if (r == ARM_REG_SP) return UC_ARM_REG_SP;
  if (r == ARM_REG_LR) return UC_ARM_REG_LR;
  return -1;
}

bool is_block_transfer(unsigned id) {
  switch (id) {
    case ARM_INS_LDM: case ARM_INS_LDMDA: case ARM_INS_LDMDB: case ARM_INS_LDMIB:
    case ARM_INS_STM: case ARM_INS_STMDA: case ARM_INS_STMDB: case ARM_INS_STMIB:
    case ARM_INS_VLDMIA: case ARM_INS_VLDMDB: case ARM_INS_VSTMIA: case ARM_INS_VSTMDB:
      return true;
    default:
      return false;
  }
}

// The memory an ARM/Thumb instruction touches: [base + offset] for loads and stores
// (8 bytes covers ldrd/strd and VFP doubles), and the whole register list's span for
// ldm/stm/push/pop, whichever direction they go.
std::vector<MemoryAccess> arm_memory_accesses(uc_engine* uc, const cs_insn& insn) {
  std::vector<MemoryAccess> out;
  const cs_arm& a = insn.detail->arm;
  if (insn.id == ARM_INS_PUSH || insn.id == ARM_INS_POP || insn.id == ARM_INS_VPUSH ||
      insn.id == ARM_INS_VPOP || (is_block_transfer(insn.id) && a.op_count > 0)) {
    const bool stack = insn.id == ARM_INS_PUSH || insn.id == ARM_INS_POP ||
                       insn.id == ARM_INS_VPUSH || insn.id == ARM_INS_VPOP;
    const int base_reg = stack ? UC_ARM_REG_SP : unicorn_reg(static_cast<arm_reg>(a.operands[0].reg));
    if (base_reg < 0) return out;
    const uint64_t base = reg_read(uc, base_reg), span = 8ull * a.op_count + 8;
    out.push_back({base - span, base + span});
    return out;
  }
  for (uint8_t i = 0; i < a.op_count; i++) {
    const cs_arm_op& op = a.operands[i];
    if (op.type != ARM_OP_MEM || op.mem.base == ARM_REG_PC) continue;  // literal pools
    const int base = unicorn_reg(static_cast<arm_reg>(op.mem.base));
    if (base < 0) continue;
    uint64_t ea = reg_read(uc, base) + static_cast<int64_t>(op.mem.disp);
    const int index = op.mem.index == ARM_REG_INVALID ? -1 : unicorn_reg(static_cast<arm_reg>(op.mem.index));
    if (index >= 0) {
      const uint64_t scaled = reg_read(uc, index) << op.mem.lshift;
      ea += op.mem.scale < 0 ? -scaled : scaled;
    }
    ea &= 0xffffffff;
    out.push_back({ea, ea + 8});
  }
  return out;
}

constexpr uint32_t kCpsrThumb = 1u << 5;

// struct rt_sigframe (arch/arm/kernel/signal.c): the siginfo, then struct sigframe: the
// ucontext (uc_flags, uc_link, uc_stack, sigcontext, uc_sigmask, padding to 128
// bytes of mask, 512 bytes of coprocessor space) and a return code. Handlers without
// SA_SIGINFO get struct sigframe alone. Offsets below are from the ucontext.
constexpr size_t kSiginfoSize = 128, kSigframeSize = 752;
constexpr size_t kUcStack = 8, kMcontext = 20, kUcSigmask = 104;
// struct sigcontext: trap_no, error_code, oldmask, r0..r10, fp, ip, sp, lr, pc, cpsr,
// fault_address.
constexpr size_t kR0 = kMcontext + 12, kCpsr = kMcontext + 76, kFaultAddress = kMcontext + 80;
// The CPSR bits user code owns: NZCVQ, GE and T (the kernel's valid_user_regs).
constexpr uint32_t kUserCpsr = 0xf80f0000u | kCpsrThumb;

bool setup_frame(GuestCpu cpu, const SignalFrameRequest& req) {
  uc_engine* uc = cpu.uc;
  const bool rt = req.flags & kSaSiginfo;
  const size_t uc_at = rt ? kSiginfoSize : 0, size = uc_at + kSigframeSize;
  const uint64_t frame = (req.sp - size) & ~uint64_t{7};
  FrameBytes f(size);
  f.put(uc_at + kUcStack, req.altstack_sp, 4);
  f.put(uc_at + kUcStack + 4, static_cast<uint32_t>(req.altstack_flags), 4);
  f.put(uc_at + kUcStack + 8, req.altstack_size, 4);
  for (int i = 0; i < 16; i++) f.put(uc_at + kR0 + 4 * i, reg_read(uc, kCoreRegs[i]), 4);
  f.put(uc_at + kCpsr, reg_read(uc, UC_ARM_REG_CPSR), 4);
  f.put(uc_at + kFaultAddress, req.info.addr.value_or(0), 4);
  f.put(uc_at + kUcSigmask, req.saved_mask, 8);
  if (!cpu.mem.write(frame, f.data(), f.size())) return false;
  if (rt && !write_siginfo(cpu.mem, frame, req.info, 4)) return false;
  reg_write(uc, UC_ARM_REG_R0, static_cast<uint64_t>(req.info.signo));
  if (rt) {
    reg_write(uc, UC_ARM_REG_R1, frame);
    reg_write(uc, UC_ARM_REG_R2, frame + uc_at);
  }
  reg_write(uc, UC_ARM_REG_SP, frame);
  const uint64_t trampoline = rt ? kRtSigreturnTrampoline : kSigreturnTrampoline;
  reg_write(uc, UC_ARM_REG_LR, (req.flags & kSaRestorer) ? req.restorer : trampoline);
  reg_write(uc, UC_ARM_REG_PC, req.handler);  // bit 0 selects Thumb, like a BX
  return true;
}

// The return code's `svc` runs with SP back at the frame.
std::optional<uint64_t> restore_frame(GuestCpu cpu, uc_context* cpu_at_delivery, bool rt) {
  uc_engine* uc = cpu.uc;
  const uint64_t frame = reg_read(uc, UC_ARM_REG_SP);
  const size_t uc_at = rt ? kSiginfoSize : 0;
  FrameBytes f(uc_at + kSigframeSize);
  if (!cpu.mem.read(frame, f.data(), f.size())) return std::nullopt;
  if (cpu_at_delivery) uc_context_restore(uc, cpu_at_delivery);
  for (int i = 0; i < 15; i++) reg_write(uc, kCoreRegs[i], f.get(uc_at + kR0 + 4 * i, 4));
  const uint32_t cpsr = static_cast<uint32_t>(f.get(uc_at + kCpsr, 4));
  const uint32_t live = static_cast<uint32_t>(reg_read(uc, UC_ARM_REG_CPSR));
  reg_write(uc, UC_ARM_REG_CPSR, (live & ~kUserCpsr) | (cpsr & kUserCpsr));
  reg_write(uc, UC_ARM_REG_PC, f.get(uc_at + kR0 + 4 * 15, 4) | ((cpsr & kCpsrThumb) ? 1 : 0));
  return f.get(uc_at + kUcSigmask, 8);
}

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
  cs_mode capstone_mode_for(bool thumb) const override { return thumb ? CS_MODE_THUMB : CS_MODE_ARM; }
  bool in_thumb_state(uc_engine* uc) const override {
    return reg_read(uc, UC_ARM_REG_CPSR) & kCpsrThumb;
  }
  uint64_t code_address(uint64_t addr, bool thumb) const override { return addr | (thumb ? 1 : 0); }
  uint64_t code_location(uint64_t code_address) const override { return code_address & ~1ull; }
  int reg_pc() const override { return UC_ARM_REG_PC; }
  int reg_sp() const override { return UC_ARM_REG_SP; }
  int reg_syscall_result() const override { return UC_ARM_REG_R0; }
  int register_id(std::string_view name) const override {
    if (name == "SP") return UC_ARM_REG_SP;
    if (name == "LR") return UC_ARM_REG_LR;
    if (name == "PC") return UC_ARM_REG_PC;
    if (name.size() < 2 || name.size() > 3 || name[0] != 'R') return -1;
    int n = 0;
    for (char c : name.substr(1)) {
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n <= 12 ? UC_ARM_REG_R0 + n : -1;
  }
  std::string_view register_names() const override { return "R0..R12, SP, LR, PC"; }

  uint64_t task_size() const override { return 0xbf000000; }
  uint64_t stack_top() const override { return 0xbf000000; }
  uint64_t mmap_top() const override { return 0xb7000000; }  // 128 MiB stack gap
  // qemu's ARM target pages are 1 KiB (TARGET_PAGE_BITS 10): 1024 sections in all.
  size_t max_mappings() const override { return 512; }
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
  std::pair<unsigned, unsigned> epoll_event_layout() const override { return {16, 8}; }
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
  void set_pc(uc_engine* uc, uint64_t pc) const override {
    reg_write(uc, UC_ARM_REG_PC, code_address(pc, in_thumb_state(uc)));
  }
  uint64_t resume_address(uc_engine* uc) const override {
    return code_address(reg_read(uc, UC_ARM_REG_PC), in_thumb_state(uc));
  }
  Trap classify_interrupt(uc_engine*, uint32_t intno) const override {
    // target/arm/cpu.h EXCP_*: 1 UDEF, 2 SWI, 3 prefetch abort, 4 data abort, 7 BKPT.
    constexpr int kIllIllOpc = 1, kTrapBrkpt = 1, kSegvMapErr = 1;
    switch (intno) {
      case 2: return {Trap::kSyscall};
      case 1: return {Trap::kSignal, SIGILL, kIllIllOpc};
      case 7: return {Trap::kSignal, SIGTRAP, kTrapBrkpt};
      default: return {Trap::kSignal, SIGSEGV, kSegvMapErr};
    }
  }

  // QEMU turns `yield` (and `wfe`) into EXCP_YIELD to let other vCPUs run; Unicorn
  // 2.0.1 reports that as an invalid instruction, with PC already past the hint. Go's
  // procyield spins on `yield`.
  bool resumable_stop(uc_engine* uc, uc_err err) const override {
    if (err != UC_ERR_INSN_INVALID) return false;
    const uint64_t pc = reg_read(uc, UC_ARM_REG_PC);
    if (reg_read(uc, UC_ARM_REG_CPSR) & (1u << 5)) {
      uint16_t hint = 0;  // Thumb: yield 0xbf10, wfe 0xbf20
      return uc_mem_read(uc, pc - 2, &hint, 2) == UC_ERR_OK && (hint == 0xbf10 || hint == 0xbf20);
    }
    uint32_t insn = 0;  // ARM: yield 0x0320f001, wfe 0x0320f002, any condition
    if (uc_mem_read(uc, pc - 4, &insn, 4) != UC_ERR_OK) return false;
    return (insn & 0x0fffffff) == 0x0320f001 || (insn & 0x0fffffff) == 0x0320f002;
  }

  CloneArgs clone_args(const uint64_t a[6]) const override { return {a[0], a[1], a[2], a[4], a[3]}; }
  void restart_syscall(uc_engine* uc, uint32_t, uint64_t arg0) const override {
    reg_write(uc, UC_ARM_REG_R0, arg0);
    const bool thumb = reg_read(uc, UC_ARM_REG_CPSR) & kCpsrThumb;
    set_pc(uc, reg_read(uc, UC_ARM_REG_PC) - (thumb ? 2 : 4));  // svc #0
  }
  std::vector<MemoryAccess> memory_accesses(uc_engine* uc, const cs_insn& insn) const override {
    return arm_memory_accesses(uc, insn);
  }
  bool setup_signal_frame(GuestCpu cpu, const SignalFrameRequest& req) const override {
    return setup_frame(cpu, req);
  }
  std::optional<uint64_t> restore_signal_frame(GuestCpu cpu, uc_context* at_delivery, bool rt) const override {
    return restore_frame(cpu, at_delivery, rt);
  }
  int64_t set_new_thread_tls(GuestCpu cpu, Thread&, uint64_t tls) const override {
    reg_write(cpu.uc, UC_ARM_REG_C13_C0_3, tls);
    return 0;
  }
};

}  // namespace

const Arch& arch_arm() {
  static const ArchArm arch;
  return arch;
}

}  // namespace fvemu
