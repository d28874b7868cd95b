#include "fuzz/syscall_program.h"

namespace fvemu::fuzz {
namespace {

void put_le(std::vector<uint8_t>& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; i++) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

// amd64: rax = number; rdi, rsi, rdx, r10, r8, r9 = arguments; `syscall`.
void amd64_call(std::vector<uint8_t>& out, const SyscallCall& c) {
  auto mov = [&](int reg, uint64_t value) {  // movabs $value, %reg
    out.push_back(static_cast<uint8_t>(0x48 | (reg >> 3)));  // REX.W, REX.B for r8..r15
    out.push_back(static_cast<uint8_t>(0xb8 + (reg & 7)));
    put_le(out, value, 8);
  };
  constexpr int kArgRegs[] = {7, 6, 2, 10, 8, 9};
  mov(0, c.number);
  for (int i = 0; i < 6; i++) mov(kArgRegs[i], c.args[i]);
  out.insert(out.end(), {0x0f, 0x05});
}

// 386: eax = number; ebx, ecx, edx, esi, edi, ebp = arguments; `int $0x80`.
void i386_call(std::vector<uint8_t>& out, const SyscallCall& c) {
  auto mov = [&](int reg, uint64_t value) {  // mov $value, %reg
    out.push_back(static_cast<uint8_t>(0xb8 + reg));
    put_le(out, value, 4);
  };
  constexpr int kArgRegs[] = {3, 1, 2, 6, 7, 5};
  mov(0, c.number);
  for (int i = 0; i < 6; i++) mov(kArgRegs[i], c.args[i]);
  out.insert(out.end(), {0xcd, 0x80});
}

// ARM EABI: r7 = number; r0..r5 = arguments; `svc #0`. A32: movw + movt per register.
void arm_call(std::vector<uint8_t>& out, const SyscallCall& c) {
  auto mov = [&](uint32_t reg, uint64_t value) {
    const uint32_t lo = value & 0xffff, hi = (value >> 16) & 0xffff;
    put_le(out, 0xe3000000 | (lo >> 12) << 16 | reg << 12 | (lo & 0xfff), 4);  // movw
    put_le(out, 0xe3400000 | (hi >> 12) << 16 | reg << 12 | (hi & 0xfff), 4);  // movt
  };
  mov(7, c.number);
  for (uint32_t r = 0; r < 6; r++) mov(r, c.args[r]);
  put_le(out, 0xef000000, 4);
}

// Thumb-2: the same with the T3 movw / T1 movt encodings and a 16-bit `svc #0`.
void thumb_call(std::vector<uint8_t>& out, const SyscallCall& c) {
  auto mov16 = [&](uint32_t first, uint32_t reg, uint32_t imm) {  // imm16 = imm4:i:imm3:imm8
    put_le(out, first | ((imm >> 11) & 1) << 10 | imm >> 12, 2);
    put_le(out, ((imm >> 8) & 7) << 12 | reg << 8 | (imm & 0xff), 2);
  };
  auto mov = [&](uint32_t reg, uint64_t value) {
    mov16(0xf240, reg, value & 0xffff);          // movw
    mov16(0xf2c0, reg, (value >> 16) & 0xffff);  // movt
  };
  mov(7, c.number);
  for (uint32_t r = 0; r < 6; r++) mov(r, c.args[r]);
  put_le(out, 0xdf00, 2);
}

}  // namespace

std::vector<uint8_t> syscall_program(GuestIsa isa, const std::vector<SyscallCall>& calls,
                                     uint32_t exit_group) {
  auto emit = isa == GuestIsa::kAmd64 ? amd64_call
              : isa == GuestIsa::k386 ? i386_call
              : isa == GuestIsa::kArm ? arm_call
                                      : thumb_call;
  std::vector<uint8_t> code;
  for (const SyscallCall& c : calls) emit(code, c);
  emit(code, SyscallCall{exit_group, {}});
  return code;
}

}  // namespace fvemu::fuzz
