// What the machine hands an Arch to build a Linux rt_sigframe, and the pieces every
// arch's frame shares (siginfo). The layouts themselves live in emu/arch/arch_*.cpp.
#pragma once

#include <cstdint>
#include <optional>

namespace fvemu {

class AddressSpace;

// The siginfo fields Linux fills for the signals the emulator raises.
struct SigInfo {
  int signo = 0;
  int code = 0;                 // si_code: SEGV_MAPERR, SI_TKILL, ...
  std::optional<uint64_t> addr;  // si_addr for faults
  int sender_pid = 0;           // for kill/tgkill
  int sender_uid = 0;
};

// si_code values (include/uapi/asm-generic/siginfo.h).
inline constexpr int kSiTkill = -6, kSegvMaperr = 1, kSegvAccerr = 2;

struct SignalFrameRequest {
  SigInfo info;
  uint64_t handler;
  uint64_t flags;     // sa_flags
  uint64_t restorer;  // sa_restorer
  uint64_t sp;        // stack to build the frame below (the altstack's top, or the thread's sp)
  bool on_altstack;   // sp is on the alternate stack (no x86-64 red zone then)
  uint64_t altstack_sp, altstack_size;
  int altstack_flags;  // for uc_stack: SS_ONSTACK, SS_DISABLE or 0
  uint64_t saved_mask;  // the mask to restore on return (uc_sigmask)
};

inline constexpr uint64_t kSaSiginfo = 4, kSaOnstack = 0x08000000, kSaRestart = 0x10000000,
                          kSaNodefer = 0x40000000, kSaResethand = 0x80000000,
                          kSaRestorer = 0x04000000;

// Writes a 128-byte siginfo at `addr`: si_signo, si_errno, si_code, then the union at
// 12 (32-bit) or 16 (64-bit) bytes.
bool write_siginfo(AddressSpace& mem, uint64_t addr, const SigInfo& info, unsigned word_size);

}  // namespace fvemu
