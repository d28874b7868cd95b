#include "emu/arch/x86_cpu.h"

#include "emu/elf/elf_image.h"
#include "emu/machine.h"

#include <sys/mman.h>

#include <csignal>
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
  const uint64_t tsc = m.uptime_ns();
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
