// amd64 (x86-64): ELF64 EM_X86_64, `syscall` instruction with the number in RAX and
// arguments in RDI RSI RDX R10 R8 R9, TLS through the FS base (arch_prctl).
#include <elf.h>
#include <sys/mman.h>

#include <csignal>
#include <vector>

#include "emu/arch/arch.h"
#include "emu/arch/frame_bytes.h"
#include "emu/arch/x86_cpu.h"
#include "emu/signal_frame.h"
#include "emu/linux/syscall.h"
#include "emu/machine.h"
#include "emu/thread.h"

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

// The legacy vsyscall page, as Linux's vsyscall=emulate presents it
// (arch/x86/entry/vsyscall/vsyscall_emu_64.S): at each of three fixed entries, the
// syscall it stands for, then ret. Go's runtime called gettimeofday here until Go 1.5
// (runtime/sys_linux_amd64.s, `MOVQ $0xffffffffff600000, AX; CALL AX`).
constexpr uint64_t kVsyscallPage = 0xffffffffff600000;
struct VsyscallEntry {
  uint32_t offset;
  uint16_t number;  // mov $number, %eax; syscall; ret
};
constexpr VsyscallEntry kVsyscalls[] = {{0x000, 96 /*gettimeofday*/},
                                        {0x400, 201 /*time*/},
                                        {0x800, 309 /*getcpu*/}};

void map_vsyscall_page(Machine& m) {
  // Unicorn runs x86-64 without paging: an address reaches memory cut to the 52 bits
  // of QEMU's physical address space (TARGET_PHYS_ADDR_SPACE_BITS), so that is where
  // the page the guest calls at kVsyscallPage has to be.
  const uint64_t page = kVsyscallPage & ((1ull << 52) - 1);
  m.mem().map_special(page, 4096, PROT_READ | PROT_EXEC, "[vsyscall]");
  const std::vector<uint8_t> int3(4096, 0xcc);  // the kernel's padding between entries
  m.mem().write(page, int3.data(), int3.size());
  for (const VsyscallEntry& e : kVsyscalls) {
    const uint8_t code[] = {0xb8, uint8_t(e.number), uint8_t(e.number >> 8), 0, 0,  // mov eax
                            0x0f, 0x05,                                        // syscall
                            0xc3};                                             // ret
    m.mem().write(page + e.offset, code, sizeof code);
  }
}

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

// struct rt_sigframe (arch/x86/include/asm/sigframe.h): pretcode, then the ucontext
// (uc_flags, uc_link, uc_stack, the sigcontext, uc_sigmask), then the siginfo.
constexpr size_t kFrameSize = 440, kUc = 8, kUcStack = 24, kMcontext = 48, kUcSigmask = 304,
                 kSiginfo = 312;
// sigcontext: r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags; then cs/gs/
// fs/ss, err, trapno, oldmask, cr2, fpstate.
constexpr int kSigcontextRegs[] = {
    UC_X86_REG_R8,  UC_X86_REG_R9,  UC_X86_REG_R10, UC_X86_REG_R11, UC_X86_REG_R12,
    UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15, UC_X86_REG_RDI, UC_X86_REG_RSI,
    UC_X86_REG_RBP, UC_X86_REG_RBX, UC_X86_REG_RDX, UC_X86_REG_RAX, UC_X86_REG_RCX,
    UC_X86_REG_RSP, UC_X86_REG_RIP, UC_X86_REG_EFLAGS};
constexpr size_t kCr2 = kMcontext + 176, kFpstatePtr = kMcontext + 184;
constexpr size_t kFxsaveSize = 512;
// The eflags bits a handler may change (arch/x86/kernel/signal.c FIX_EFLAGS).
constexpr uint64_t kFixEflags = 0x40dd5;

// An fxsave image of MXCSR and the XMM registers, for handlers that read fpstate.
void write_fxsave(GuestCpu cpu, uint64_t at) {
  FrameBytes fx(kFxsaveSize);
  fx.put(0, reg_read(cpu.uc, UC_X86_REG_FPCW), 2);
  fx.put(24, reg_read(cpu.uc, UC_X86_REG_MXCSR), 4);
  fx.put(28, 0xffff, 4);  // mxcsr_mask
  for (int i = 0; i < 16; i++) uc_reg_read(cpu.uc, UC_X86_REG_XMM0 + i, fx.data() + 160 + 16 * i);
  cpu.mem.write(at, fx.data(), fx.size());
}

bool setup_frame(GuestCpu cpu, const SignalFrameRequest& req) {
  uc_engine* uc = cpu.uc;
  uint64_t sp = req.on_altstack ? req.sp : req.sp - 128;  // skip the red zone
  sp = (sp - kFxsaveSize) & ~uint64_t{63};
  const uint64_t fpstate = sp;
  const uint64_t frame = ((sp - kFrameSize) & ~uint64_t{15}) - 8;  // as after a call
  FrameBytes f(kFrameSize);
  f.put(0, req.restorer, 8);  // pretcode: x86-64 handlers return through sa_restorer
  f.put(kUc, 2, 8);           // uc_flags: UC_SIGCONTEXT_SS
  f.put(kUcStack, req.altstack_sp, 8);
  f.put(kUcStack + 8, static_cast<uint32_t>(req.altstack_flags), 4);
  f.put(kUcStack + 16, req.altstack_size, 8);
  for (size_t i = 0; i < std::size(kSigcontextRegs); i++)
    f.put(kMcontext + 8 * i, reg_read(uc, kSigcontextRegs[i]), 8);
  f.put(kMcontext + 144, 0x33, 2);  // cs
  f.put(kMcontext + 150, 0x2b, 2);  // ss
  f.put(kCr2, req.info.addr.value_or(0), 8);
  f.put(kFpstatePtr, fpstate, 8);
  f.put(kUcSigmask, req.saved_mask, 8);
  write_fxsave(cpu, fpstate);
  if (!cpu.mem.write(frame, f.data(), f.size())) return false;
  if (!write_siginfo(cpu.mem, frame + kSiginfo, req.info, 8)) return false;
  reg_write(uc, UC_X86_REG_RDI, static_cast<uint64_t>(req.info.signo));
  reg_write(uc, UC_X86_REG_RSI, frame + kSiginfo);
  reg_write(uc, UC_X86_REG_RDX, frame + kUc);
  reg_write(uc, UC_X86_REG_RAX, 0);
  reg_write(uc, UC_X86_REG_RSP, frame);
  reg_write(uc, UC_X86_REG_RIP, req.handler);
  return true;
}

// The restorer's `syscall` runs with RSP just past pretcode.
std::optional<uint64_t> restore_frame(GuestCpu cpu, uc_context* cpu_at_delivery) {
  uc_engine* uc = cpu.uc;
  const uint64_t frame = reg_read(uc, UC_X86_REG_RSP) - 8;
  FrameBytes f(kFrameSize);
  if (!cpu.mem.read(frame, f.data(), f.size())) return std::nullopt;
  if (cpu_at_delivery) uc_context_restore(uc, cpu_at_delivery);
  const uint64_t old_flags = reg_read(uc, UC_X86_REG_EFLAGS);
  for (size_t i = 0; i < std::size(kSigcontextRegs); i++) {
    uint64_t v = f.get(kMcontext + 8 * i, 8);
    if (kSigcontextRegs[i] == UC_X86_REG_EFLAGS) v = (old_flags & ~kFixEflags) | (v & kFixEflags);
    // Unicorn adds the 2 bytes of `syscall` to RIP after this hook returns.
    if (kSigcontextRegs[i] == UC_X86_REG_RIP) v -= 2;
    reg_write(uc, kSigcontextRegs[i], v);
  }
  return f.get(kUcSigmask, 8);
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
  int unicorn_cpu_model() const override { return x86::kCpuModel; }
  cs_arch capstone_arch() const override { return CS_ARCH_X86; }
  cs_mode capstone_mode_for(bool) const override { return CS_MODE_64; }
  int reg_pc() const override { return UC_X86_REG_RIP; }
  int reg_sp() const override { return UC_X86_REG_RSP; }
  int reg_syscall_result() const override { return UC_X86_REG_RAX; }
  int register_id(std::string_view name) const override { return x86::register_id(name, 8); }
  std::string_view register_names() const override { return "AX, BX, CX, DX, SI, DI, BP, SP, R8..R15, PC"; }

  uint64_t task_size() const override { return 0x7ffffffff000; }
  uint64_t stack_top() const override { return 0x7ffffffff000; }
  uint64_t mmap_top() const override { return 0x7fffeffff000; }  // 128 MiB stack gap
  uint64_t static_pie_base() const override { return 0x555555554000; }
  uint64_t run_until_sentinel() const override { return 0xfffffffffffff000; }
  uint64_t hwcap() const override { return x86::kHwcap; }
  bool stack_executable_by_default() const override { return false; }
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
    map_vsyscall_page(m);
  }
  void instrument_image(Machine& m) const override { x86::virtualize_rdtsc(m); }
  void set_entry(uc_engine* uc, uint64_t entry, uint64_t sp) const override {
    reg_write(uc, UC_X86_REG_RIP, entry);
    reg_write(uc, UC_X86_REG_RSP, sp);
    reg_write(uc, UC_X86_REG_RDX, 0);  // no atexit function from a dynamic loader
  }
  uint64_t resume_address(uc_engine* uc) const override { return reg_read(uc, UC_X86_REG_RIP); }
  std::vector<MemoryAccess> memory_accesses(uc_engine* uc, const cs_insn& insn) const override {
    return x86::memory_accesses(uc, insn, 8);
  }
  Trap classify_interrupt(uc_engine* uc, uint32_t intno) const override {
    return x86::classify_exception(uc, intno);
  }

  CloneArgs clone_args(const uint64_t a[6]) const override { return {a[0], a[1], a[2], a[3], a[4]}; }
  void restart_syscall(uc_engine* uc, uint32_t number, uint64_t) const override {
    reg_write(uc, UC_X86_REG_RAX, number);
    reg_write(uc, UC_X86_REG_RIP, reg_read(uc, UC_X86_REG_RIP) - 2);  // syscall
  }
  uint64_t syscall_return_address(uc_engine* uc) const override {
    return reg_read(uc, UC_X86_REG_RIP) + 2;  // past the 2-byte `syscall`
  }
  int64_t set_new_thread_tls(GuestCpu cpu, Thread&, uint64_t tls) const override {
    reg_write(cpu.uc, UC_X86_REG_FS_BASE, tls);
    return 0;
  }
  bool setup_signal_frame(GuestCpu cpu, const SignalFrameRequest& req) const override {
    return setup_frame(cpu, req);
  }
  // x86-64 has rt frames only; its `sigreturn` slot does not exist.
  std::optional<uint64_t> restore_signal_frame(GuestCpu cpu, uc_context* at_delivery, bool) const override {
    return restore_frame(cpu, at_delivery);
  }
};

}  // namespace

const Arch& arch_amd64() {
  static const ArchAmd64 arch;
  return arch;
}

}  // namespace fvemu
