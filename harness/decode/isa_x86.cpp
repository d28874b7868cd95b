// 386 and amd64: Capstone's x86 operands. Calls and jumps carry their target as the
// first operand (immediate, register or memory); returns are ret/retf.
#include <string_view>
#include <utility>

#include "harness/decode/isa.h"
#include "harness/profile/profile.h"

namespace fvemu {
namespace {

// Capstone's lower-case register names by family: rax/eax/ax/al/ah -> AX,
// r8/r8d/r8w/r8b -> R8, rip/eip -> PC; "" for the rest (segment, vector, flags).
std::string family(const char* cs) {
  static const std::pair<const char*, const char*> kLegacy[] = {
      {"rax", "AX"}, {"eax", "AX"}, {"ax", "AX"}, {"al", "AX"}, {"ah", "AX"},
      {"rbx", "BX"}, {"ebx", "BX"}, {"bx", "BX"}, {"bl", "BX"}, {"bh", "BX"},
      {"rcx", "CX"}, {"ecx", "CX"}, {"cx", "CX"}, {"cl", "CX"}, {"ch", "CX"},
      {"rdx", "DX"}, {"edx", "DX"}, {"dx", "DX"}, {"dl", "DX"}, {"dh", "DX"},
      {"rsi", "SI"}, {"esi", "SI"}, {"si", "SI"}, {"sil", "SI"},
      {"rdi", "DI"}, {"edi", "DI"}, {"di", "DI"}, {"dil", "DI"},
      {"rbp", "BP"}, {"ebp", "BP"}, {"bp", "BP"}, {"bpl", "BP"},
      {"rsp", "SP"}, {"esp", "SP"}, {"sp", "SP"}, {"spl", "SP"},
      {"rip", "PC"}, {"eip", "PC"}, {"ip", "PC"}};
  if (!cs) return "";
  const std::string_view n = cs;
  for (const auto& [name, full] : kLegacy)
    if (n == name) return full;
  if (n.size() < 2 || n[0] != 'r' || n[1] < '0' || n[1] > '9') return "";
  size_t digits = 1;
  while (digits < n.size() && n[digits] >= '0' && n[digits] <= '9') digits++;
  const std::string_view part = n.substr(digits);
  if (!part.empty() && part != "d" && part != "w" && part != "b") return "";
  return "R" + std::string(n.substr(1, digits - 1));
}


class IsaX86 final : public Isa {
 public:
  std::string reg_name(csh h, unsigned reg) const override { return family(cs_reg_name(h, reg)); }

  bool ignores_old_value(const cs_insn& insn) const override {
    const cs_x86& x = insn.detail->x86;
    switch (insn.id) {
      case X86_INS_BSF: case X86_INS_BSR: case X86_INS_POPCNT: case X86_INS_LZCNT:
      case X86_INS_TZCNT:
        return true;  // the destination is only written (Go guards the zero-input case)
      case X86_INS_XOR: case X86_INS_SUB: case X86_INS_SBB: case X86_INS_PXOR:
      case X86_INS_XORPS:
        // The same register twice: the result is 0 (or -CF), whatever it held.
        return x.op_count == 2 && x.operands[0].type == X86_OP_REG &&
               x.operands[1].type == X86_OP_REG && x.operands[0].reg == x.operands[1].reg;
      default:
        return false;
    }
  }

  cs_arch capstone_arch() const override { return CS_ARCH_X86; }
  std::string_view context_register(const Profile& p) const override { return p.context_x86; }

  void classify(const Decoding& d, const cs_insn* insns, size_t n, DecodedBlock& out) const override {
    const csh h = d.h;
    const cs_insn& last = insns[n - 1];
    const cs_x86& x = last.detail->x86;
    switch (last.id) {
      case X86_INS_CALL:
      case X86_INS_JMP:
        if (x.op_count != 1) return;
        if (x.operands[0].type == X86_OP_IMM) {
          if (last.id == X86_INS_CALL) {
            out.kind = CallKind::kCall;
            out.direct_target = static_cast<uint64_t>(x.operands[0].imm);
          }
          return;
        }
        out.kind = last.id == X86_INS_CALL ? CallKind::kIndirectCall : CallKind::kIndirectJump;
        if (x.operands[0].type == X86_OP_MEM) {
          out.source.end = TargetSource::kLoad;
          out.source.mem = memory(h, last, x.operands[0].mem);
          out.source.load_addr = last.address;
        } else {
          out.source = trace_register(d, insns, n - 1, reg_name(h, x.operands[0].reg));
        }
        return;
      case X86_INS_RET:
      case X86_INS_RETF:
        out.kind = CallKind::kReturn;
        return;
      case X86_INS_SYSCALL:
      case X86_INS_SYSENTER:
        out.kind = CallKind::kSyscall;
        return;
      case X86_INS_INT:
        if (x.op_count == 1 && x.operands[0].imm == 0x80) out.kind = CallKind::kSyscall;
        return;
      default:
        return;
    }
  }

  Flow flow_of(const Decoding& d, const cs_insn& insn) const override {
    const cs_x86& x = insn.detail->x86;
    const bool direct = x.op_count == 1 && x.operands[0].type == X86_OP_IMM;
    switch (insn.id) {
      case X86_INS_CALL:
        return {Flow::kCall};
      case X86_INS_JMP:
        return direct ? Flow{Flow::kJump, static_cast<uint64_t>(x.operands[0].imm)} : Flow{Flow::kStop};
      case X86_INS_RET: case X86_INS_RETF: case X86_INS_HLT: case X86_INS_UD2: case X86_INS_INT3:
        return {Flow::kStop};
      default:
        if (cs_insn_group(d.h, &insn, X86_GRP_JUMP) && direct)
          return {Flow::kBranch, static_cast<uint64_t>(x.operands[0].imm)};
        return {Flow::kNext};
    }
  }

  WriteOrigin origin_of(const Decoding& d, const cs_insn& insn, std::string_view) const override {
    const csh h = d.h;
    const cs_x86& x = insn.detail->x86;
    WriteOrigin o;
    if (x.op_count != 2 || x.operands[0].type != X86_OP_REG) return o;
    const cs_x86_op& src = x.operands[1];
    if (insn.id == X86_INS_MOV) {
      if (src.type == X86_OP_REG) {
        o.what = WriteOrigin::kCopy;
        o.from = reg_name(h, src.reg);
      } else if (src.type == X86_OP_MEM) {
        o.what = WriteOrigin::kLoad;
        o.mem = memory(h, insn, src.mem);
      } else if (src.type == X86_OP_IMM) {
        o.what = WriteOrigin::kImmediate;
      }
    } else if (insn.id == X86_INS_LEA && src.type == X86_OP_MEM) {
      // lea of an absolute or PC-relative address is a constant (a static funcval).
      if (memory(h, insn, src.mem).absolute) o.what = WriteOrigin::kImmediate;
    }
    return o;
  }

 private:
  MemoryOperand memory(csh h, const cs_insn& insn, const x86_op_mem& m) const {
    MemoryOperand op;
    if (m.segment != X86_REG_INVALID) op.segment = cs_reg_name(h, m.segment) ? cs_reg_name(h, m.segment) : "";
    for (char& c : op.segment) c = static_cast<char>(c - 32 * (c >= 'a' && c <= 'z'));
    op.base = m.base != X86_REG_INVALID ? reg_name(h, m.base) : "";
    op.index = m.index != X86_REG_INVALID ? reg_name(h, m.index) : "";
    op.scale = m.scale;
    op.disp = m.disp;
    if (op.base == "PC") {  // RIP-relative: the address is fixed
      op.absolute = insn.address + insn.size + static_cast<uint64_t>(m.disp);
      op.base.clear();
    } else if (op.base.empty() && op.index.empty()) {
      op.absolute = static_cast<uint64_t>(m.disp) & (insn.detail->x86.addr_size == 4 ? 0xffffffffull : ~0ull);
    }
    return op;
  }
};

}  // namespace

const Isa& isa_x86() {
  static const IsaX86 isa;
  return isa;
}

}  // namespace fvemu
