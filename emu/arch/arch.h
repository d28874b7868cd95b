// One Arch description per target. Everything the rest of the emulator needs to know
// about a target lives behind this interface (one file per target: arch_386.cpp,
// arch_amd64.cpp, arch_arm.cpp); the core asks, it never tests which arch it runs.
#pragma once

#include <capstone/capstone.h>
#include <unicorn/unicorn.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "emu/arch/guest_cpu.h"

namespace fvemu {

class Machine;
struct SyscallHandlerDef;
struct Thread;
struct SignalFrameRequest;

// One row of a per-arch syscall number table (emu/linux/abi/syscalls_<arch>.inc).
struct SyscallName {
  uint32_t number;
  const char* name;
};

// Where one member of a kernel struct sits: byte offset and width (0 = absent).
struct Field {
  uint16_t offset = 0;
  uint8_t size = 0;
};

// The layout of a `struct stat` flavour as the kernel writes it for one arch
// (arch/<arch>/include/uapi/asm/stat.h). One encoder serves every layout.
struct StatLayout {
  uint16_t size;
  Field dev, ino, ino_low, mode, nlink, uid, gid, rdev, st_size, blksize, blocks;
  Field atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
};

// Register access helpers.
uint64_t reg_read(uc_engine* uc, int reg);
void reg_write(uc_engine* uc, int reg, uint64_t value);

// A range of guest memory an instruction reads or writes.
struct MemoryAccess {
  uint64_t begin, end;
};

// What an interrupt number reported by Unicorn means on this arch.
struct Trap {
  enum Kind { kSyscall, kSignal } kind;
  int signo = 0;    // for kSignal
  int si_code = 0;  // for kSignal, as the kernel reports it in siginfo
};

class Arch {
 public:
  virtual ~Arch() = default;

  // Identity.
  virtual std::string_view name() const = 0;          // "386", "amd64", "arm"
  virtual uint16_t elf_machine() const = 0;           // EM_386, EM_X86_64, EM_ARM
  virtual uint8_t elf_class() const = 0;              // ELFCLASS32 / ELFCLASS64
  virtual unsigned word_size() const = 0;             // 4 or 8
  virtual std::string_view uname_machine() const = 0; // utsname.machine
  virtual std::string_view platform() const = 0;      // AT_PLATFORM string

  // Engines.
  virtual uc_arch unicorn_arch() const = 0;
  virtual uc_mode unicorn_mode() const = 0;
  virtual int unicorn_cpu_model() const = 0;
  virtual cs_arch capstone_arch() const = 0;
  // Capstone mode for code in Thumb state (`thumb`, ARM only) or not.
  virtual cs_mode capstone_mode_for(bool thumb) const = 0;
  // Capstone mode for the code the CPU is executing now (ARM vs Thumb on arm).
  cs_mode capstone_mode(uc_engine* uc) const { return capstone_mode_for(in_thumb_state(uc)); }
  // Whether the CPU executes Thumb code now (ARM interworking; never on x86).
  virtual bool in_thumb_state(uc_engine*) const { return false; }
  // The code address a pointer to the code at `addr` holds: a func value's word 0, a
  // return address (ARM: bit 0 set for Thumb code, which BX and LDR PC obey).
  virtual uint64_t code_address(uint64_t addr, bool /*thumb*/) const { return addr; }
  // The inverse: where the code a code address points at starts (ARM: bit 0 clear).
  virtual uint64_t code_location(uint64_t code_address) const { return code_address; }

  // Registers.
  virtual int reg_pc() const = 0;
  virtual int reg_sp() const = 0;
  virtual int reg_syscall_result() const = 0;
  // The Unicorn id of a general register named the Go assembler's way ("AX", "R8",
  // "R7", "SP", "LR", "PC"), -1 if this arch has none so named (R8 on 386).
  virtual int register_id(std::string_view go_name) const = 0;
  // The names register_id knows, for messages: "AX, BX, ..., SP, PC".
  virtual std::string_view register_names() const = 0;

  // Process layout (what the kernel picks on a 64-bit host for this personality).
  virtual uint64_t task_size() const = 0;          // end of the guest's user address space
  virtual uint64_t stack_top() const = 0;          // initial stack grows down from here
  virtual uint64_t mmap_top() const = 0;           // mmap allocations go down from here
  // Unicorn keeps a table of at most one target page's worth of memory sections
  // (qemu/exec.c phys_section_add asserts it) and allocates every mapping in time
  // that grows with the square of their number (find_ram_offset): the guest gets at
  // most this many separate mappings (Linux's vm.max_map_count is 65530), past them
  // ENOMEM.
  virtual size_t max_mappings() const { return 1024; }  // x86: 4 KiB target pages
  virtual uint64_t static_pie_base() const = 0;    // load bias for ET_DYN without interpreter
  virtual uint64_t run_until_sentinel() const = 0; // far, never-mapped `until` for uc_emu_start
  virtual uint64_t hwcap() const = 0;              // AT_HWCAP: what the emulated CPU does
  // Whether a program without PT_GNU_STACK gets an executable stack: Linux then sets
  // READ_IMPLIES_EXEC (fs/binfmt_elf.c, elf_read_implies_exec) on ARM and for i386
  // programs, but not for x86-64 ones since 5.8 (arch/x86/include/asm/elf.h).
  virtual bool stack_executable_by_default() const { return true; }

  // Per-arch kernel struct layouts; null where the arch has no such syscall flavour.
  virtual const StatLayout* stat_layout() const = 0;    // fstat/newfstatat (64-bit only)
  virtual const StatLayout* stat64_layout() const = 0;  // fstat64/fstatat64 (32-bit only)

  // Syscall convention.
  virtual std::span<const SyscallName> syscall_names() const = 0;
  virtual uint32_t syscall_number(uc_engine* uc) const = 0;
  virtual void syscall_args(uc_engine* uc, uint64_t out[6]) const = 0;
  virtual void set_syscall_result(uc_engine* uc, uint64_t value) const = 0;
  // A 64-bit syscall argument that would start at register slot `slot` (32-bit arches
  // pass it in two registers, low word first; ARM EABI starts it at an even slot).
  virtual uint64_t syscall_arg64(const uint64_t args[6], unsigned slot) const = 0;
  // Handlers only this arch has (arch_prctl, set_thread_area, set_tls, ...); they win
  // over the shared handlers of the same name.
  virtual std::span<const SyscallHandlerDef> arch_syscalls() const = 0;
  // struct epoll_event: packed (12 bytes, data at 4) on x86, 16 bytes with data at 8
  // on ARM EABI. Returns {size, offset of data}.
  virtual std::pair<unsigned, unsigned> epoll_event_layout() const { return {12, 4}; }
  // open(2) flag bits differ between x86 and ARM; the host is x86-64.
  virtual int open_flags_to_host(int guest_flags) const { return guest_flags; }
  virtual int open_flags_from_host(int host_flags) const { return host_flags; }

  // CPU set-up once the engine exists: control registers, descriptor tables, special
  // pages, arch-only hooks (the amd64 `syscall` instruction, CPUID). Called once.
  virtual void init_cpu(Machine& m) const = 0;
  // Once the program is loaded: instructions the machine must emulate itself
  // (Machine::emulate_instruction_at; x86: RDTSC).
  virtual void instrument_image(Machine&) const {}
  // Start executing at `entry` with stack pointer `sp` (ARM: odd entry = Thumb).
  virtual void set_entry(uc_engine* uc, uint64_t entry, uint64_t sp) const = 0;
  // Address to hand uc_emu_start to resume where the CPU stopped (ARM: |1 in Thumb).
  virtual uint64_t resume_address(uc_engine* uc) const = 0;
  // Moves the PC within the current instruction set (on ARM a plain PC write with
  // bit 0 clear would also leave Thumb state).
  virtual void set_pc(uc_engine* uc, uint64_t pc) const { reg_write(uc, reg_pc(), pc); }
  // What Unicorn's interrupt number means (syscall trap or a synchronous signal), with
  // the CPU stopped at the instruction that raised it.
  virtual Trap classify_interrupt(uc_engine* uc, uint32_t intno) const = 0;
  // The memory `insn` (decoded with details) accesses, computed from the registers
  // as they are now; used to find which instruction of a block faulted.
  virtual std::vector<MemoryAccess> memory_accesses(uc_engine* uc, const cs_insn& insn) const = 0;
  // Unicorn stopped with `err` after an instruction that is harmless to the guest
  // (ARM's `yield` hint): resume at the current PC instead of raising a signal.
  virtual bool resumable_stop(uc_engine*, uc_err) const { return false; }

  // Threads.
  struct CloneArgs {
    uint64_t flags, stack, parent_tid, child_tid, tls;
  };
  // clone(2)'s argument order differs: x86-64 (flags, stack, ptid, ctid, tls), i386 and
  // ARM (flags, stack, ptid, tls, ctid).
  virtual CloneArgs clone_args(const uint64_t args[6]) const = 0;
  // Where execution continues after the syscall being handled now (amd64's hook runs
  // with RIP still at the `syscall` instruction).
  virtual uint64_t syscall_return_address(uc_engine* uc) const { return resume_address(uc); }
  // Puts the CPU back on the syscall instruction just executed, with the register the
  // result overwrote restored, so that it runs again: how Linux restarts a syscall a
  // signal interrupted (x86: ip -= 2, ax = orig_ax; ARM: pc -= 2 or 4, r0 = ORIG_r0).
  virtual void restart_syscall(uc_engine* uc, uint32_t number, uint64_t arg0) const = 0;
  // CLONE_SETTLS for new thread `t`, while its registers are live on the CPU.
  virtual int64_t set_new_thread_tls(GuestCpu cpu, Thread& t, uint64_t tls) const = 0;
  // After thread `t`'s registers were restored: reinstate TLS kept outside the CPU.
  virtual void switch_in(GuestCpu, Thread&) const {}

  // Signals. Lays out Linux's signal frame below req.sp — rt_sigframe (siginfo,
  // ucontext, return code) for SA_SIGINFO handlers, the arch's old sigframe otherwise
  // where it has one — and aims the CPU at the handler; false if it cannot be written.
  virtual bool setup_signal_frame(GuestCpu cpu, const SignalFrameRequest& req) const = 0;
  // rt_sigreturn (rt) or sigreturn, called from the syscall: reads the frame the
  // handler returns through (found from the stack pointer), restores
  // `cpu_at_delivery` if given (FPU, vector and segment state), then loads the general
  // registers, flags and PC from the frame's sigcontext, which the handler may have
  // edited. Returns the saved signal mask; nullopt (nothing changed) if unreadable.
  virtual std::optional<uint64_t> restore_signal_frame(GuestCpu cpu, uc_context* cpu_at_delivery,
                                                       bool rt) const = 0;
};

// Lookup. Returns null when unknown.
const Arch* arch_for_elf(uint16_t machine, uint8_t elf_class);
std::span<const Arch* const> all_arches();

// The three targets (defined in their own files).
const Arch& arch_386();
const Arch& arch_amd64();
const Arch& arch_arm();

}  // namespace fvemu
