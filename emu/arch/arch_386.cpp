// 386 (i386): ELF32 EM_386, `int $0x80` with the number in EAX and arguments in EBX
// ECX EDX ESI EDI EBP. TLS is a GDT descriptor the guest loads into %gs itself
// (set_thread_area); Unicorn 2.0.1 ignores a plain GS base write in 32-bit mode, so
// the machine has real descriptor tables (i386_segments.cpp).
#include <elf.h>

#include <csignal>
#include <sys/mman.h>

#include <cstring>

#include "emu/arch/arch.h"
#include "emu/arch/frame_bytes.h"
#include "emu/arch/i386_segments.h"
#include "emu/arch/x86_cpu.h"
#include "emu/signal_frame.h"
#include "emu/linux/syscall.h"
#include "emu/machine.h"
#include "emu/thread.h"

namespace fvemu {
namespace {

const SyscallName kSyscallNames[] = {
#include "emu/linux/abi/syscalls_386.inc"
};

// arch/x86/include/uapi/asm/stat.h, struct stat64 (i386: 4-byte aligned long long).
constexpr StatLayout kStat64 = {
    .size = 96, .dev = {0, 8}, .ino = {88, 8}, .ino_low = {12, 4}, .mode = {16, 4},
    .nlink = {20, 4}, .uid = {24, 4}, .gid = {28, 4}, .rdev = {32, 8}, .st_size = {44, 8},
    .blksize = {52, 4}, .blocks = {56, 8}, .atime = {64, 4}, .atime_nsec = {68, 4},
    .mtime = {72, 4}, .mtime_nsec = {76, 4}, .ctime = {80, 4}, .ctime_nsec = {84, 4}};

// The old mmap(2) of i386 takes its six arguments in a struct (mm/mmap.c old_mmap).
int64_t sys_old_mmap(SyscallContext& c) {
  uint32_t a[6];
  if (!c.m.mem().read(c.arg[0], a, sizeof a)) return -EFAULT;
  if (a[5] % 4096) return -EINVAL;
  SyscallContext inner = c;
  for (int i = 0; i < 6; i++) inner.arg[i] = a[i];
  inner.arg[5] = a[5] / 4096;
  return find_handler(mm_syscalls(), "mmap2")->fn(inner);
}

// struct rt_sigframe_ia32 (arch/x86/include/asm/sigframe.h): pretcode, sig, pinfo,
// puc, the siginfo, the ucontext (uc_flags, uc_link, uc_stack, sigcontext,
// uc_sigmask), then an 8-byte return code for handlers without SA_RESTORER.
constexpr size_t kRtFrameSize = 268, kRtSiginfo = 16, kRtUc = 144, kRtUcStack = 152,
                 kRtMcontext = 164, kRtUcSigmask = 252, kRtRetcode = 260;
// struct sigframe_ia32, for handlers without SA_SIGINFO: pretcode, sig, the sigcontext,
// an unused _fpstate_32 (624 bytes), extramask (the mask's upper half), return code.
constexpr size_t kFrameSize = 732, kSigcontext = 8, kExtramask = 720, kRetcode = 724;
// struct sigcontext_32: gs, fs, es, ds, di, si, bp, sp, bx, dx, cx, ax, trapno, err, ip,
// cs, flags, sp_at_signal, ss, fpstate, oldmask, cr2 (one 32-bit slot each).
constexpr int kSegments[] = {UC_X86_REG_GS, UC_X86_REG_FS, UC_X86_REG_ES, UC_X86_REG_DS};
constexpr int kGeneral[] = {UC_X86_REG_EDI, UC_X86_REG_ESI, UC_X86_REG_EBP, UC_X86_REG_ESP,
                            UC_X86_REG_EBX, UC_X86_REG_EDX, UC_X86_REG_ECX, UC_X86_REG_EAX};
constexpr size_t kScEip = 56, kScEflags = 64, kScOldmask = 80, kScCr2 = 84;
constexpr uint64_t kFixEflags = 0x40dd5;
// movl $__NR_rt_sigreturn (173), %eax; int $0x80
constexpr uint8_t kRtSigreturnCode[8] = {0xb8, 0xad, 0x00, 0x00, 0x00, 0xcd, 0x80, 0x00};
// popl %eax; movl $__NR_sigreturn (119), %eax; int $0x80
constexpr uint8_t kSigreturnCode[8] = {0x58, 0xb8, 0x77, 0x00, 0x00, 0x00, 0xcd, 0x80};

void put_sigcontext(FrameBytes& f, size_t at, uc_engine* uc, const SignalFrameRequest& req) {
  for (size_t i = 0; i < 4; i++) f.put(at + 4 * i, reg_read(uc, kSegments[i]), 4);
  for (size_t i = 0; i < 8; i++) f.put(at + 16 + 4 * i, reg_read(uc, kGeneral[i]), 4);
  f.put(at + kScEip, reg_read(uc, UC_X86_REG_EIP), 4);
  f.put(at + 60, reg_read(uc, UC_X86_REG_CS), 4);
  f.put(at + kScEflags, reg_read(uc, UC_X86_REG_EFLAGS), 4);
  f.put(at + 68, reg_read(uc, UC_X86_REG_ESP), 4);  // sp_at_signal
  f.put(at + 72, reg_read(uc, UC_X86_REG_SS), 4);
  f.put(at + kScOldmask, req.saved_mask & 0xffffffff, 4);
  f.put(at + kScCr2, req.info.addr.value_or(0), 4);
}

void load_sigcontext(const FrameBytes& f, size_t at, uc_engine* uc) {
  // Segment selectors reload their descriptors from this thread's GDT and LDT entries,
  // so %fs and %gs are right again whatever the handler did with them.
  for (size_t i = 0; i < 4; i++) reg_write(uc, kSegments[i], f.get(at + 4 * i, 2));
  for (size_t i = 0; i < 8; i++) reg_write(uc, kGeneral[i], f.get(at + 16 + 4 * i, 4));
  const uint64_t old_flags = reg_read(uc, UC_X86_REG_EFLAGS);
  reg_write(uc, UC_X86_REG_EFLAGS, (old_flags & ~kFixEflags) | (f.get(at + kScEflags, 4) & kFixEflags));
  reg_write(uc, UC_X86_REG_EIP, f.get(at + kScEip, 4));
}

bool setup_frame(GuestCpu cpu, const SignalFrameRequest& req) {
  uc_engine* uc = cpu.uc;
  const bool rt = req.flags & kSaSiginfo;
  const size_t size = rt ? kRtFrameSize : kFrameSize;
  const uint64_t sp = (req.sp - 512) & ~uint64_t{63};  // room for the FPU state, as Linux
  const uint64_t frame = ((sp - size) & ~uint64_t{15}) - 4;
  FrameBytes f(size);
  const size_t retcode = rt ? kRtRetcode : kRetcode;
  f.put(0, (req.flags & kSaRestorer) ? req.restorer : frame + retcode, 4);
  f.put(4, static_cast<uint32_t>(req.info.signo), 4);
  if (rt) {
    f.put(8, frame + kRtSiginfo, 4);
    f.put(12, frame + kRtUc, 4);
    f.put(kRtUcStack, req.altstack_sp, 4);
    f.put(kRtUcStack + 4, static_cast<uint32_t>(req.altstack_flags), 4);
    f.put(kRtUcStack + 8, req.altstack_size, 4);
    put_sigcontext(f, kRtMcontext, uc, req);
    f.put(kRtUcSigmask, req.saved_mask, 8);
    std::memcpy(f.data() + retcode, kRtSigreturnCode, sizeof kRtSigreturnCode);
  } else {
    put_sigcontext(f, kSigcontext, uc, req);
    f.put(kExtramask, req.saved_mask >> 32, 4);
    std::memcpy(f.data() + retcode, kSigreturnCode, sizeof kSigreturnCode);
  }
  if (!cpu.mem.write(frame, f.data(), f.size())) return false;
  if (rt && !write_siginfo(cpu.mem, frame + kRtSiginfo, req.info, 4)) return false;
  reg_write(uc, UC_X86_REG_EAX, static_cast<uint64_t>(req.info.signo));
  reg_write(uc, UC_X86_REG_EDX, rt ? frame + kRtSiginfo : 0);
  reg_write(uc, UC_X86_REG_ECX, rt ? frame + kRtUc : 0);
  reg_write(uc, UC_X86_REG_ESP, frame);
  reg_write(uc, UC_X86_REG_EIP, req.handler);
  return true;
}

// The restorer's `int $0x80` runs with ESP just past pretcode (rt), or past pretcode
// and sig (the old return code pops sig first).
std::optional<uint64_t> restore_frame(GuestCpu cpu, uc_context* cpu_at_delivery, bool rt) {
  uc_engine* uc = cpu.uc;
  const uint64_t frame = reg_read(uc, UC_X86_REG_ESP) - (rt ? 4 : 8);
  FrameBytes f(rt ? kRtFrameSize : kFrameSize);
  if (!cpu.mem.read(frame, f.data(), f.size())) return std::nullopt;
  if (cpu_at_delivery) uc_context_restore(uc, cpu_at_delivery);
  i386::reload_segments(cpu, cpu.thread);  // the handler may have changed the LDT
  load_sigcontext(f, rt ? kRtMcontext : kSigcontext, uc);
  if (rt) return f.get(kRtUcSigmask, 8);
  return f.get(kSigcontext + kScOldmask, 4) | (f.get(kExtramask, 4) << 32);
}

// The old select(2) of i386 (82) takes its five arguments in a struct, like old_mmap;
// glibc uses _newselect (142).
int64_t sys_old_select(SyscallContext& c) {
  uint32_t a[5];
  if (!c.m.mem().read(c.arg[0], a, sizeof a)) return -EFAULT;
  SyscallContext inner = c;
  for (int i = 0; i < 5; i++) inner.arg[i] = a[i];
  return find_handler(epoll_syscalls(), "_newselect")->fn(inner);
}

const SyscallHandlerDef kArchSyscalls[] = {
    {"set_thread_area", i386::sys_set_thread_area, "p"},
    {"modify_ldt", i386::sys_modify_ldt, "dpu"},
    {"mmap", sys_old_mmap, "p"},
    {"select", sys_old_select, "p"},
};

class Arch386 final : public Arch {
 public:
  std::string_view name() const override { return "386"; }
  uint16_t elf_machine() const override { return EM_386; }
  uint8_t elf_class() const override { return ELFCLASS32; }
  unsigned word_size() const override { return 4; }
  std::string_view uname_machine() const override { return "i686"; }
  std::string_view platform() const override { return "i686"; }

  uc_arch unicorn_arch() const override { return UC_ARCH_X86; }
  uc_mode unicorn_mode() const override { return UC_MODE_32; }
  int unicorn_cpu_model() const override { return x86::kCpuModel; }
  cs_arch capstone_arch() const override { return CS_ARCH_X86; }
  cs_mode capstone_mode_for(bool) const override { return CS_MODE_32; }
  int reg_pc() const override { return UC_X86_REG_EIP; }
  int reg_sp() const override { return UC_X86_REG_ESP; }
  int reg_syscall_result() const override { return UC_X86_REG_EAX; }
  int register_id(std::string_view name) const override { return x86::register_id(name, 4); }
  std::string_view register_names() const override { return "AX, BX, CX, DX, SI, DI, BP, SP, PC"; }

  uint64_t task_size() const override { return 0xc0000000; }
  uint64_t stack_top() const override { return 0xc0000000; }
  uint64_t mmap_top() const override { return 0xb8000000; }  // 128 MiB stack gap
  uint64_t static_pie_base() const override { return 0x56555000; }
  uint64_t run_until_sentinel() const override { return 0xfffff000; }
  uint64_t hwcap() const override { return x86::kHwcap; }
  const StatLayout* stat_layout() const override { return nullptr; }
  const StatLayout* stat64_layout() const override { return &kStat64; }

  std::span<const SyscallName> syscall_names() const override { return kSyscallNames; }
  uint32_t syscall_number(uc_engine* uc) const override {
    return static_cast<uint32_t>(reg_read(uc, UC_X86_REG_EAX));
  }
  void syscall_args(uc_engine* uc, uint64_t out[6]) const override {
    const int regs[] = {UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX,
                        UC_X86_REG_ESI, UC_X86_REG_EDI, UC_X86_REG_EBP};
    for (int i = 0; i < 6; i++) out[i] = reg_read(uc, regs[i]) & 0xffffffff;
  }
  void set_syscall_result(uc_engine* uc, uint64_t v) const override {
    reg_write(uc, UC_X86_REG_EAX, v & 0xffffffff);
  }
  uint64_t syscall_arg64(const uint64_t args[6], unsigned slot) const override {
    return args[slot] | (args[slot + 1] << 32);
  }
  std::span<const SyscallHandlerDef> arch_syscalls() const override { return kArchSyscalls; }

  void init_cpu(Machine& m) const override {
    i386::init_segments(m.cpu());
  }
  void instrument_image(Machine& m) const override { x86::virtualize_rdtsc(m); }
  void set_entry(uc_engine* uc, uint64_t entry, uint64_t sp) const override {
    reg_write(uc, UC_X86_REG_EIP, entry);
    reg_write(uc, UC_X86_REG_ESP, sp);
    reg_write(uc, UC_X86_REG_EDX, 0);  // no atexit function from a dynamic loader
  }
  uint64_t resume_address(uc_engine* uc) const override { return reg_read(uc, UC_X86_REG_EIP); }
  std::vector<MemoryAccess> memory_accesses(uc_engine* uc, const cs_insn& insn) const override {
    return x86::memory_accesses(uc, insn, 4);
  }
  Trap classify_interrupt(uc_engine* uc, uint32_t intno) const override {
    if (intno == 0x80) return {Trap::kSyscall};
    return x86::classify_exception(uc, intno);
  }

  CloneArgs clone_args(const uint64_t a[6]) const override { return {a[0], a[1], a[2], a[4], a[3]}; }
  void restart_syscall(uc_engine* uc, uint32_t number, uint64_t) const override {
    reg_write(uc, UC_X86_REG_EAX, number);
    reg_write(uc, UC_X86_REG_EIP, reg_read(uc, UC_X86_REG_EIP) - 2);  // int $0x80
  }
  // CLONE_SETTLS on i386 passes a struct user_desc, as set_thread_area does.
  int64_t set_new_thread_tls(GuestCpu cpu, Thread& t, uint64_t tls) const override {
    return i386::set_tls_entry(cpu, t, tls);
  }
  bool setup_signal_frame(GuestCpu cpu, const SignalFrameRequest& req) const override {
    return setup_frame(cpu, req);
  }
  std::optional<uint64_t> restore_signal_frame(GuestCpu cpu, uc_context* at_delivery, bool rt) const override {
    return restore_frame(cpu, at_delivery, rt);
  }
  void switch_in(GuestCpu cpu, Thread& t) const override { i386::reload_segments(cpu, t); }
};

}  // namespace

const Arch& arch_386() {
  static const Arch386 arch;
  return arch;
}

}  // namespace fvemu
