#include "harness/decode/isa.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "emu/arch/arch.h"

namespace fvemu {
namespace {

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::string_view call_kind_name(CallKind kind) {
  switch (kind) {
    case CallKind::kCall: return "call";
    case CallKind::kIndirectCall: return "icall";
    case CallKind::kIndirectJump: return "ijmp";
    case CallKind::kReturn: return "ret";
    case CallKind::kSyscall: return "syscall";
    case CallKind::kNone: break;
  }
  return "";
}

std::optional<CallKind> parse_call_kind(std::string_view name) {
  for (CallKind k : {CallKind::kCall, CallKind::kIndirectCall, CallKind::kIndirectJump,
                     CallKind::kReturn, CallKind::kSyscall})
    if (call_kind_name(k) == name) return k;
  return std::nullopt;
}

std::string MemoryOperand::text() const {
  if (absolute) return fmt::format("[{}{:#x}]", segment.empty() ? "" : segment + ":", *absolute);
  std::string s = "[";
  if (!segment.empty()) s += segment + ":";
  s += base;
  if (!index.empty()) s += fmt::format("{}{}*{}", base.empty() ? "" : "+", index, scale);
  if (disp < 0)
    s += fmt::format("-{:#x}", -static_cast<uint64_t>(disp));
  else if (disp > 0 || (base.empty() && index.empty()))
    s += fmt::format("{}{:#x}", base.empty() && index.empty() ? "" : "+", disp);
  else
    s += "+0";
  return s + "]";
}

std::string TargetSource::text() const {
  std::string s;
  for (const std::string& r : registers) s += r + " <- ";
  switch (end) {
    case kLoad: return s + mem.text();
    case kImmediate: return s + "imm";
    case kUnknown: break;
  }
  return s + "?";
}

void Isa::registers_of(csh h, const cs_insn& insn, std::vector<std::string>& read,
                       std::vector<std::string>& written) const {
  cs_regs regs_read, regs_write;
  uint8_t nread = 0, nwrite = 0;
  read.clear();
  written.clear();
  if (cs_regs_access(h, &insn, regs_read, &nread, regs_write, &nwrite) != CS_ERR_OK) return;
  const bool write_only = ignores_old_value(insn);
  for (uint8_t i = 0; i < nread && !write_only; i++)
    if (std::string r = reg_name(h, regs_read[i]); !r.empty()) read.push_back(r);
  for (uint8_t i = 0; i < nwrite; i++)
    if (std::string r = reg_name(h, regs_write[i]); !r.empty()) written.push_back(r);
}

TargetSource Isa::trace_register(const Decoding& d, const cs_insn* insns, size_t at, std::string reg) const {
  TargetSource src;
  src.registers.push_back(reg);
  std::vector<std::string> read, written;
  for (size_t i = at; i-- > 0;) {
    registers_of(d.h, insns[i], read, written);
    if (!contains(written, reg)) continue;
    const WriteOrigin o = origin_of(d, insns[i], reg);
    switch (o.what) {
      case WriteOrigin::kCopy:
        if (contains(src.registers, o.from)) return src;  // a cycle: give up (unknown)
        reg = o.from;
        src.registers.push_back(reg);
        continue;
      case WriteOrigin::kLoad:
        src.end = TargetSource::kLoad;
        src.mem = o.mem;
        src.load_addr = insns[i].address;
        return src;
      case WriteOrigin::kImmediate:
        src.end = TargetSource::kImmediate;
        return src;
      case WriteOrigin::kOther:
        return src;
    }
  }
  src.set_before_block = true;
  return src;
}

// Numbers register values through a block's instructions: each register starts with a
// value of its own; a copy shares its source's, any other write makes a new one.
class Isa::ValueNumbers {
 public:
  ValueNumbers(const Isa& isa, const Decoding& d) : isa_(isa), d_(d) {}
  int of(std::string_view r) {
    auto [it, fresh] = value_.try_emplace(std::string(r), 0);
    if (fresh) it->second = ++values_;
    return it->second;
  }
  void step(const cs_insn& insn) {
    isa_.registers_of(d_.h, insn, read_, written_);
    const WriteOrigin o = written_.size() == 1 ? isa_.origin_of(d_, insn, written_[0]) : WriteOrigin{};
    for (const std::string& w : written_) value_[w] = o.what == WriteOrigin::kCopy ? of(o.from) : ++values_;
  }

 private:
  const Isa& isa_;
  const Decoding& d_;
  std::map<std::string, int, std::less<>> value_;
  int values_ = 0;
  std::vector<std::string> read_, written_;
};

Isa::TransferValues Isa::transfer_values(const Decoding& d, const cs_insn* insns, size_t n,
                                         const TargetSource& src, std::string_view ctx) const {
  TransferValues out;
  ValueNumbers values(*this, d);
  const bool loads = src.end == TargetSource::kLoad && !src.mem.base.empty();
  const int base_at_entry = loads ? values.of(src.mem.base) : 0;
  std::optional<int> at_load;
  for (size_t i = 0; i < n; i++) {
    if (loads && !at_load && insns[i].address == src.load_addr) at_load = values.of(src.mem.base);
    if (i + 1 == n && !src.registers.empty())
      out.target_is_ctx_value = values.of(src.registers.front()) == values.of(ctx);
    values.step(insns[i]);
  }
  if (at_load) {
    out.base_kept = *at_load == values.of(src.mem.base);
    out.base_is_ctx_value = *at_load == values.of(ctx);
    out.base_from_entry = *at_load == base_at_entry;
  }
  return out;
}

bool Isa::reads_before_writing(csh h, const cs_insn* insns, size_t n, std::string_view reg) const {
  std::vector<std::string> read, written;
  for (size_t i = 0; i < n; i++) {
    registers_of(h, insns[i], read, written);
    if (contains(read, reg)) return true;
    if (contains(written, reg)) return false;
  }
  return false;
}

const Isa& isa_x86();  // isa_x86.cpp
const Isa& isa_arm();  // isa_arm.cpp

const Isa& isa_of(const Arch& arch) {
  for (const Isa* isa : {&isa_x86(), &isa_arm()})
    if (isa->capstone_arch() == arch.capstone_arch()) return *isa;
  throw std::invalid_argument(fmt::format("no tracing support for arch {}", arch.name()));
}

}  // namespace fvemu
