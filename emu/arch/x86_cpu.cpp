#include "emu/arch/x86_cpu.h"

#include "emu/elf/elf_image.h"
#include "emu/machine.h"

#include <sys/mman.h>

#include <csignal>
#include <cstring>
#include <optional>
#include <vector>
#include <utility>

namespace fvemu::x86 {
namespace {

// Capstone's register -> Unicorn's, for the registers an address can be built from.
int unicorn_reg(x86_reg r) {
  static const std::pair<x86_reg, int> table[] = {
      {X86_REG_RAX, UC_X86_REG_RAX}, {X86_REG_RBX, UC_X86_REG_RBX}, {X86_REG_RCX, UC_X86_REG_RCX},
      {X86_REG_RDX, UC_X86_REG_RDX}, {X86_REG_RSI, UC_X86_REG_RSI}, {X86_REG_RDI, UC_X86_REG_RDI},
      {X86_REG_RBP, UC_X86_REG_RBP}, {X86_REG_RSP, UC_X86_REG_RSP}, {X86_REG_R8, UC_X86_REG_R8},
      {X86_REG_R9, UC_X86_REG_R9},   {X86_REG_R10, UC_X86_REG_R10}, {X86_REG_R11, UC_X86_REG_R11},
      {X86_REG_R12, UC_X86_REG_R12}, {X86_REG_R13, UC_X86_REG_R13}, {X86_REG_R14, UC_X86_REG_R14},
      {X86_REG_R15, UC_X86_REG_R15}, {X86_REG_EAX, UC_X86_REG_EAX}, {X86_REG_EBX, UC_X86_REG_EBX},
      {X86_REG_ECX, UC_X86_REG_ECX}, {X86_REG_EDX, UC_X86_REG_EDX}, {X86_REG_ESI, UC_X86_REG_ESI},
      {X86_REG_EDI, UC_X86_REG_EDI}, {X86_REG_EBP, UC_X86_REG_EBP}, {X86_REG_ESP, UC_X86_REG_ESP},
      {X86_REG_R8D, UC_X86_REG_R8D}, {X86_REG_R9D, UC_X86_REG_R9D}, {X86_REG_R10D, UC_X86_REG_R10D},
      {X86_REG_R11D, UC_X86_REG_R11D}, {X86_REG_R12D, UC_X86_REG_R12D},
      {X86_REG_R13D, UC_X86_REG_R13D}, {X86_REG_R14D, UC_X86_REG_R14D},
      {X86_REG_R15D, UC_X86_REG_R15D}};
  for (const auto& [cs, unicorn] : table)
    if (cs == r) return unicorn;
  return -1;
}

uint64_t value_of(uc_engine* uc, x86_reg r) {
  const int u = unicorn_reg(r);
  return u < 0 ? 0 : reg_read(uc, u);
}

}  // namespace

std::vector<MemoryAccess> memory_accesses(uc_engine* uc, const cs_insn& insn, unsigned word) {
  std::vector<MemoryAccess> out;
  const uint64_t mask = word == 8 ? ~0ull : 0xffffffffull;
  const cs_x86& x = insn.detail->x86;
  if (insn.id != X86_INS_LEA && insn.id != X86_INS_NOP) {
    for (uint8_t i = 0; i < x.op_count; i++) {
      const cs_x86_op& op = x.operands[i];
      if (op.type != X86_OP_MEM) continue;
      uint64_t ea = static_cast<uint64_t>(op.mem.disp);
      if (op.mem.base == X86_REG_RIP || op.mem.base == X86_REG_EIP)
        ea += insn.address + insn.size;
      else
        ea += value_of(uc, op.mem.base);
      ea += value_of(uc, op.mem.index) * static_cast<uint64_t>(op.mem.scale);
      if (op.mem.segment == X86_REG_FS) ea += reg_read(uc, UC_X86_REG_FS_BASE);
      if (op.mem.segment == X86_REG_GS) ea += reg_read(uc, UC_X86_REG_GS_BASE);
      ea &= mask;
      out.push_back({ea, ea + (op.size ? op.size : 1)});
    }
  }
  const uint64_t sp = reg_read(uc, word == 8 ? UC_X86_REG_RSP : UC_X86_REG_ESP);
  switch (insn.id) {
    case X86_INS_PUSH: case X86_INS_CALL: case X86_INS_PUSHFD: case X86_INS_PUSHFQ:
      out.push_back({sp - word, sp});
      break;
    case X86_INS_POP: case X86_INS_RET: case X86_INS_POPFD: case X86_INS_POPFQ:
      out.push_back({sp, sp + word});
      break;
    default:
      break;
  }
  return out;
}

namespace {

void emulate_rdtsc(Machine& m, uint64_t addr) {
  const uint64_t tsc = m.clock().uptime_ns();
  const bool long_mode = m.arch().word_size() == 8;  // RDTSC zero-extends on x86-64
  reg_write(m.uc(), long_mode ? UC_X86_REG_RAX : UC_X86_REG_EAX, tsc & 0xffffffff);
  reg_write(m.uc(), long_mode ? UC_X86_REG_RDX : UC_X86_REG_EDX, tsc >> 32);
  reg_write(m.uc(), long_mode ? UC_X86_REG_RIP : UC_X86_REG_EIP, addr + 2);
}

}  // namespace

void virtualize_rdtsc(Machine& m) {
  const ElfImage& image = m.image();
  for (const Segment& seg : image.segments) {
    if (!(seg.prot & PROT_EXEC) || seg.filesz < 2) continue;
    const uint8_t* code = image.bytes.data() + seg.offset;
    for (uint64_t i = 0; i + 1 < seg.filesz; i++)
      if (code[i] == 0x0f && code[i + 1] == 0x31)
        m.emulate_instruction_at(seg.vaddr + m.load_bias() + i, &emulate_rdtsc);
  }
}

namespace {

// Unicorn's interrupt hooks stand in for do_interrupt_all, which is what resets
// CPUX86State::old_exception once an exception is delivered (target/i386/tcg/
// seg_helper.c), so the second contributory exception of a run (#DE, #GP) is taken
// for a double fault and the third for a triple fault, which stops the CPU: a Go
// program that recovers from two integer divisions by zero (Go's test/recover3.go)
// died at the second. Unicorn has no API for the field, so its place in a saved
// context is measured once, in a scratch engine: -1 before any exception, 0 after a
// #DE, 8 after the double fault that follows.
std::optional<size_t> old_exception_offset() {
  uc_engine* uc = nullptr;
  if (uc_open(UC_ARCH_X86, UC_MODE_64, &uc) != UC_ERR_OK) return std::nullopt;
  constexpr uint64_t kCode = 0x1000;
  const uint8_t div_by_zero[] = {0x31, 0xc9, 0xf7, 0xf1};  // xor ecx, ecx; div ecx
  uc_mem_map(uc, kCode, 0x1000, UC_PROT_ALL);
  uc_mem_write(uc, kCode, div_by_zero, sizeof div_by_zero);
  uc_hook hook;
  auto stop = +[](uc_engine* u, uint32_t, void*) { uc_emu_stop(u); };
  uc_hook_add(uc, &hook, UC_HOOK_INTR, reinterpret_cast<void*>(stop), nullptr, 1, 0);
  const size_t size = uc_context_size(uc);
  std::vector<std::vector<uint8_t>> snapshots;
  uc_context* ctx = nullptr;
  uc_context_alloc(uc, &ctx);
  for (int run = 0; run < 3; run++) {
    if (run > 0) uc_emu_start(uc, kCode, kCode + sizeof div_by_zero, 0, 0);
    uc_context_save(uc, ctx);
    const auto* bytes = reinterpret_cast<const uint8_t*>(ctx);
    snapshots.emplace_back(bytes, bytes + size);
  }
  uc_context_free(ctx);
  uc_close(uc);
  std::optional<size_t> found;
  for (size_t at = 0; at + 4 <= size; at += 4) {
    int32_t v[3];
    for (int i = 0; i < 3; i++) std::memcpy(&v[i], snapshots[i].data() + at, 4);
    if (v[0] != -1 || v[1] != 0 || v[2] != 8) continue;
    if (found) return std::nullopt;  // not unique: leave the CPU alone
    found = at;
  }
  return found;
}

void forget_exception(uc_engine* uc) {
  static const std::optional<size_t> offset = old_exception_offset();
  if (!offset) return;
  uc_context* ctx = nullptr;
  if (uc_context_alloc(uc, &ctx) != UC_ERR_OK) return;
  uc_context_save(uc, ctx);
  const int32_t none = -1;
  std::memcpy(reinterpret_cast<uint8_t*>(ctx) + *offset, &none, sizeof none);
  uc_context_restore(uc, ctx);
  uc_context_free(ctx);
}

}  // namespace

Trap classify_exception(uc_engine* uc, uint32_t vector) {
  constexpr int kFpeIntDiv = 1, kIllIllOpn = 2, kSiKernel = 0x80, kBusAdrAln = 1, kTrapBrkpt = 1;
  forget_exception(uc);
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

int register_id(std::string_view go_name, unsigned word) {
  struct FullRegister {
    std::string_view name;
    int unicorn64, unicorn32;  // 0: none (R8..R15 on 386)
  };
  static constexpr FullRegister kRegisters[] = {
      {"AX", UC_X86_REG_RAX, UC_X86_REG_EAX}, {"BX", UC_X86_REG_RBX, UC_X86_REG_EBX},
      {"CX", UC_X86_REG_RCX, UC_X86_REG_ECX}, {"DX", UC_X86_REG_RDX, UC_X86_REG_EDX},
      {"SI", UC_X86_REG_RSI, UC_X86_REG_ESI}, {"DI", UC_X86_REG_RDI, UC_X86_REG_EDI},
      {"BP", UC_X86_REG_RBP, UC_X86_REG_EBP}, {"SP", UC_X86_REG_RSP, UC_X86_REG_ESP},
      {"R8", UC_X86_REG_R8, 0},   {"R9", UC_X86_REG_R9, 0},   {"R10", UC_X86_REG_R10, 0},
      {"R11", UC_X86_REG_R11, 0}, {"R12", UC_X86_REG_R12, 0}, {"R13", UC_X86_REG_R13, 0},
      {"R14", UC_X86_REG_R14, 0}, {"R15", UC_X86_REG_R15, 0}, {"PC", UC_X86_REG_RIP, UC_X86_REG_EIP}};
  for (const FullRegister& r : kRegisters)
    if (go_name == r.name) {
      const int id = word == 8 ? r.unicorn64 : r.unicorn32;
      return id ? id : -1;
    }
  return -1;
}

}  // namespace fvemu::x86
