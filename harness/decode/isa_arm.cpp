// 32-bit ARM and Thumb-2. Capstone 4 has no return group for ARM and does not flag
// `pop {pc}` as a jump, so every PC write is classified by its operands. Calls are
// bl/blx, or (ARMv4-era and 2013 Go) a PC write right after an instruction that sets
// lr from pc: `mov lr, pc` / `add lr, pc, #0` followed by `mov pc, rN`, `ldr pc, [..]`
// or `add pc, rN, #0`.
#include <algorithm>

#include "harness/decode/isa.h"
#include "harness/profile/profile.h"

namespace fvemu {
namespace {

bool is_reg(const cs_arm_op& op, unsigned reg) {
  return op.type == ARM_OP_REG && static_cast<unsigned>(op.reg) == reg;
}
bool is_imm(const cs_arm_op& op, int64_t v) { return op.type == ARM_OP_IMM && op.imm == v; }

// `mov lr, pc` or `add lr, pc, #imm`: lr now holds a return address.
bool sets_lr_from_pc(const cs_insn& insn) {
  const cs_arm& a = insn.detail->arm;
  if (a.op_count < 2 || !is_reg(a.operands[0], ARM_REG_LR) || !is_reg(a.operands[1], ARM_REG_PC))
    return false;
  return insn.id == ARM_INS_MOV || insn.id == ARM_INS_ADD;
}

bool lists_pc(const cs_arm& a) {
  return std::any_of(a.operands, a.operands + a.op_count,
                     [](const cs_arm_op& op) { return is_reg(op, ARM_REG_PC); });
}

class IsaArm final : public Isa {
 public:
  std::string reg_name(csh, unsigned reg) const override {
    if (reg >= ARM_REG_R0 && reg <= ARM_REG_R12) return "R" + std::to_string(reg - ARM_REG_R0);
    switch (reg) {
      case ARM_REG_SP: return "SP";
      case ARM_REG_LR: return "LR";
      case ARM_REG_PC: return "PC";
      default: return "";
    }
  }
  bool ignores_old_value(const cs_insn&) const override { return false; }
  cs_arch capstone_arch() const override { return CS_ARCH_ARM; }
  std::string_view context_register(const Profile& p) const override { return p.context_arm; }

  void classify(const Decoding& d, const cs_insn* insns, size_t n, DecodedBlock& out) const override {
    const csh h = d.h;
    const cs_insn& last = insns[n - 1];
    const cs_arm& a = last.detail->arm;
    out.conditional = a.cc != ARM_CC_AL && a.cc != ARM_CC_INVALID;
    const bool after_lr_setup = n >= 2 && sets_lr_from_pc(insns[n - 2]);
    const CallKind through = after_lr_setup ? CallKind::kIndirectCall : CallKind::kIndirectJump;
    switch (last.id) {
      case ARM_INS_SVC:
        out.kind = CallKind::kSyscall;
        return;
      case ARM_INS_BL:
      case ARM_INS_BLX:
        if (a.op_count != 1) return;
        if (a.operands[0].type == ARM_OP_IMM) {
          out.kind = CallKind::kCall;
          out.direct_target = static_cast<uint32_t>(a.operands[0].imm);
        } else {
          out.kind = CallKind::kIndirectCall;
          out.source = trace_register(d, insns, n - 1, reg_name(h, a.operands[0].reg));
        }
        return;
      case ARM_INS_BX:
        if (a.op_count != 1) return;
        if (is_reg(a.operands[0], ARM_REG_LR) && !after_lr_setup) {
          out.kind = CallKind::kReturn;
          return;
        }
        out.kind = through;
        out.source = trace_register(d, insns, n - 1, reg_name(h, a.operands[0].reg));
        return;
      case ARM_INS_POP:
        if (lists_pc(a)) out.kind = CallKind::kReturn;
        return;
      default:
        break;
    }
    if (a.op_count < 2 || !is_reg(a.operands[0], ARM_REG_PC)) {
      // ldm with pc in the list: a return when it pops the stack, else a jump.
      if ((last.id == ARM_INS_LDM || last.id == ARM_INS_LDMIB || last.id == ARM_INS_LDMDA ||
           last.id == ARM_INS_LDMDB) && lists_pc(a))
        out.kind = is_reg(a.operands[0], ARM_REG_SP) ? CallKind::kReturn : CallKind::kIndirectJump;
      return;
    }
    const cs_arm_op& src = a.operands[1];
    if (last.id == ARM_INS_MOV && src.type == ARM_OP_REG) {
      out.kind = is_reg(src, ARM_REG_LR) ? CallKind::kReturn : through;
    } else if (last.id == ARM_INS_ADD && a.op_count == 3 && src.type == ARM_OP_REG &&
               is_imm(a.operands[2], 0) && src.reg != ARM_REG_PC) {
      out.kind = is_reg(src, ARM_REG_LR) ? CallKind::kReturn : through;
    } else if (last.id == ARM_INS_LDR && src.type == ARM_OP_MEM) {
      // ldr pc, [sp], #n pops a return address.
      const bool pops = src.mem.base == ARM_REG_SP && a.writeback && src.mem.disp == 0;
      out.kind = pops ? CallKind::kReturn : through;
      if (!pops) {
        out.source.end = TargetSource::kLoad;
        out.source.mem = memory(d, last, src);
        out.source.load_addr = last.address;
      }
      return;
    } else {
      out.kind = CallKind::kIndirectJump;  // computed: add pc, pc, rN, lsl #2 and the like
      return;
    }
    if (out.kind != CallKind::kReturn)
      out.source = trace_register(d, insns, n - 1, reg_name(h, src.reg));
  }

  Flow flow_of(const Decoding&, const cs_insn& insn) const override {
    const cs_arm& a = insn.detail->arm;
    const bool conditional = a.cc != ARM_CC_AL && a.cc != ARM_CC_INVALID;
    switch (insn.id) {
      case ARM_INS_BL: case ARM_INS_BLX:
        // A conditional call may not be made: Go <= 1.4's prologue is BL.LS
        // runtime.morestack, and the body runs on after it when the stack is big enough.
        return {conditional ? Flow::kNext : Flow::kCall};
      case ARM_INS_B:
        if (a.op_count == 1 && a.operands[0].type == ARM_OP_IMM)
          return {conditional ? Flow::kBranch : Flow::kJump, static_cast<uint32_t>(a.operands[0].imm)};
        return {Flow::kStop};
      case ARM_INS_CBZ: case ARM_INS_CBNZ:
        return {Flow::kBranch, static_cast<uint32_t>(a.operands[1].imm)};
      case ARM_INS_BX: case ARM_INS_UDF: case ARM_INS_BKPT:
        return {Flow::kStop};
      default:
        break;
    }
    // Any other write of pc leaves the function (a return or an indirect jump).
    const bool writes_pc = (a.op_count > 0 && is_reg(a.operands[0], ARM_REG_PC)) ||
                           ((insn.id == ARM_INS_POP || insn.id == ARM_INS_LDM) && lists_pc(a));
    return {writes_pc ? Flow::kStop : Flow::kNext};
  }

  WriteOrigin origin_of(const Decoding& d, const cs_insn& insn, std::string_view) const override {
    const csh h = d.h;
    const cs_arm& a = insn.detail->arm;
    WriteOrigin o;
    if (a.op_count < 2 || a.operands[0].type != ARM_OP_REG) return o;
    const cs_arm_op& src = a.operands[1];
    switch (insn.id) {
      case ARM_INS_MOV:
        if (src.type == ARM_OP_REG && src.shift.type == ARM_SFT_INVALID && a.op_count == 2) {
          o.what = WriteOrigin::kCopy;
          o.from = reg_name(h, src.reg);
        } else if (src.type == ARM_OP_IMM) {
          o.what = WriteOrigin::kImmediate;
        }
        return o;
      case ARM_INS_MOVW:
      case ARM_INS_MOVT:
      case ARM_INS_ADR:
        o.what = WriteOrigin::kImmediate;
        return o;
      case ARM_INS_LDR:
        if (src.type == ARM_OP_MEM) {
          o.what = WriteOrigin::kLoad;
          o.mem = memory(d, insn, src);
        }
        return o;
      case ARM_INS_ADD:  // add rD, pc, #imm is adr
        if (is_reg(src, ARM_REG_PC) && a.op_count == 3 && a.operands[2].type == ARM_OP_IMM)
          o.what = WriteOrigin::kImmediate;
        return o;
      default:
        return o;
    }
  }

 private:
  MemoryOperand memory(const Decoding& d, const cs_insn& insn, const cs_arm_op& op) const {
    MemoryOperand m;
    m.base = reg_name(d.h, op.mem.base);
    m.index = op.mem.index != ARM_REG_INVALID ? reg_name(d.h, op.mem.index) : "";
    m.scale = 1;
    m.disp = op.mem.disp;
    if (op.mem.base == ARM_REG_PC && m.index.empty()) {
      // A literal: pc reads as the instruction + 8 (ARM) or + 4, word aligned (Thumb).
      const uint64_t pc = d.thumb ? ((insn.address + 4) & ~3ull) : insn.address + 8;
      m.absolute = (pc + static_cast<uint64_t>(static_cast<int64_t>(m.disp))) & 0xffffffffull;
      m.base.clear();
    }
    return m;
  }
};

}  // namespace

const Isa& isa_arm() {
  static const IsaArm isa;
  return isa;
}

}  // namespace fvemu
