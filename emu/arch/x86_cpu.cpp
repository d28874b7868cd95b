#include "emu/arch/x86_cpu.h"

#include <csignal>
#include <cstring>
#include <stdexcept>

namespace fvemu::x86 {
namespace {

// CPUID.1:EDX bits.
constexpr uint32_t kFpu = 1u << 0, kTsc = 1u << 4, kCx8 = 1u << 8, kCmov = 1u << 15,
                   kClflush = 1u << 19, kMmx = 1u << 23, kFxsr = 1u << 24, kSse = 1u << 25,
                   kSse2 = 1u << 26;
// CPUID.1:ECX bits. Unicorn's CPU models do not report these, but it executes them all
// (cases/native/cpu_features.c runs each one); POPCNT, AVX and XSAVE it does not.
constexpr uint32_t kSse3 = 1u << 0, kSsse3 = 1u << 9, kSse41 = 1u << 19, kSse42 = 1u << 20;
// CPUID.80000001h:EDX bits.
constexpr uint32_t kSyscall = 1u << 11, kNx = 1u << 20, kLongMode = 1u << 29;

struct CpuidAnswer {
  uint32_t eax, ebx, ecx, edx;
};

uint32_t four_chars(const char* s) {
  uint32_t v;
  std::memcpy(&v, s, 4);
  return v;
}

CpuidAnswer answer(uint32_t leaf, bool long_mode) {
  switch (leaf) {
    case 0:  // max basic leaf and vendor "GenuineIntel" (EBX, EDX, ECX order)
      return {1, four_chars("Genu"), four_chars("ntel"), four_chars("ineI")};
    case 1:  // family 6 model 15 (a Core 2), one logical CPU, 64-byte CLFLUSH line
      return {0x000006f1, 0x00010800, kSse3 | kSsse3 | kSse41 | kSse42, cpuid_leaf1_edx()};
    case 0x80000000:
      return {0x80000001, 0, 0, 0};
    case 0x80000001:
      return {0, 0, 0, long_mode ? (kSyscall | kNx | kLongMode) : kNx};
    default:
      return {0, 0, 0, 0};
  }
}

template <bool kLongMode>
int on_cpuid(uc_engine* uc, void*) {
  uint64_t leaf = 0;
  uc_reg_read(uc, UC_X86_REG_EAX, &leaf);
  const CpuidAnswer a = answer(static_cast<uint32_t>(leaf), kLongMode);
  const int regs[] = {UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX};
  const uint32_t vals[] = {a.eax, a.ebx, a.ecx, a.edx};
  for (int i = 0; i < 4; i++) reg_write(uc, regs[i], vals[i]);
  return 1;  // skip the instruction: our answer stands
}

}  // namespace

uint32_t cpuid_leaf1_edx() {
  return kFpu | kTsc | kCx8 | kCmov | kClflush | kMmx | kFxsr | kSse | kSse2;
}

void install_cpuid(uc_engine* uc, bool long_mode) {
  uc_hook h;
  void* cb = long_mode ? reinterpret_cast<void*>(&on_cpuid<true>)
                       : reinterpret_cast<void*>(&on_cpuid<false>);
  if (uc_hook_add(uc, &h, UC_HOOK_INSN, cb, nullptr, 1, 0, UC_X86_INS_CPUID) != UC_ERR_OK)
    throw std::runtime_error("internal: cannot hook CPUID");
}

Trap classify_exception(uint32_t vector) {
  constexpr int kFpeIntDiv = 1, kIllIllOpn = 2, kSiKernel = 0x80, kBusAdrAln = 1, kTrapBrkpt = 1;
  switch (vector) {
    case 0: return {Trap::kSignal, SIGFPE, kFpeIntDiv};   // #DE divide error
    case 1: return {Trap::kSignal, SIGTRAP, kTrapBrkpt};  // #DB
    case 3: return {Trap::kSignal, SIGTRAP, kSiKernel};   // int3
    case 6: return {Trap::kSignal, SIGILL, kIllIllOpn};   // #UD
    case 16:                                              // x87 #MF
    case 19: return {Trap::kSignal, SIGFPE, 0};           // SIMD #XM
    case 17: return {Trap::kSignal, SIGBUS, kBusAdrAln};  // #AC
    default: return {Trap::kSignal, SIGSEGV, kSiKernel};  // #GP, bound, into, other ints
  }
}

}  // namespace fvemu::x86
