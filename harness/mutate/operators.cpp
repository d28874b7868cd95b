#include "harness/mutate/operators.h"

#include <algorithm>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/capstone_handles.h"
#include "emu/elf/image_view.h"
#include "harness/decode/block_cache.h"
#include "harness/decode/isa.h"
#include "harness/profile/profile.h"

namespace fvemu {
namespace {

constexpr MutationOperator kOperators[] = {
    {"ctx-not-loaded", "the last write of the context register before the call becomes no-ops"},
    {"ctx-other-source",
     "that write takes another source: another register, or the next word of its memory slot"},
    {"ctx-clobbered",
     "an instruction between the code-word load and the call writes the context register "
     "instead of its own destination"},
    {"code-word-offset", "the code word is loaded from word 1 of the func value, not word 0"},
    {"call-func-value", "the call goes to the func value itself: the code-word load becomes a copy"},
};

// The block's instructions, decoded with details.
class Insns {
 public:
  Insns(csh h, const Bytes& b, uint64_t addr) {
    n_ = b.empty() ? 0 : cs_disasm(h, b.data(), b.size(), addr, 0, &insns_);
  }
  ~Insns() {
    if (insns_) cs_free(insns_, n_);
  }
  Insns(const Insns&) = delete;
  Insns& operator=(const Insns&) = delete;
  size_t size() const { return n_; }
  const cs_insn& operator[](size_t i) const { return insns_[i]; }
  const cs_insn* data() const { return insns_; }

 private:
  cs_insn* insns_ = nullptr;
  size_t n_ = 0;
};

std::string text(const cs_insn& i) {
  return fmt::format("{}{}{}", i.mnemonic, i.op_str[0] ? " " : "", i.op_str);
}

// What a mutation site needs to know about its block.
struct Shape {
  const Isa& isa;
  const Encoder& enc;
  csh h;
  bool thumb;
  unsigned word;
  std::string ctx;
  const Insns& insns;
  size_t call;                  // insns[call] is the transfer
  // The last instruction before it that writes ctx: insns[*ctx_write] in the block,
  // else in the code that falls into it (SiteCode::lead_in).
  const cs_insn* ctx_writer = nullptr;
  std::optional<size_t> ctx_write;
  // The code word is loaded through ctx after that write (in the block or before it).
  bool code_word_through_ctx_after_its_write = false;
  // The code-word load: insns[load] loads register `loaded` from [base+0] (`loaded` is
  // empty when the transfer itself reads [base+0]).
  std::optional<size_t> load;
  std::string loaded, base;
  std::vector<std::string> chain;  // the registers the target went through
  bool callee_consumes_ctx;
  // The profile's ABI has a context register (go); step 1's register only carries
  // the func value to its code-word load.
  bool has_context;

  Decoding decoding() const { return {h, thumb}; }
  std::vector<std::string> written(const cs_insn& i) const {
    std::vector<std::string> r, w;
    isa.registers_of(h, i, r, w);
    return w;
  }
  std::vector<std::string> read(const cs_insn& i) const {
    std::vector<std::string> r, w;
    isa.registers_of(h, i, r, w);
    return r;
  }
  bool writes(const cs_insn& i, std::string_view reg) const {
    const auto w = written(i);
    return std::find(w.begin(), w.end(), reg) != w.end();
  }
  std::optional<size_t> last_writer(size_t before, std::string_view reg) const {
    for (size_t i = before; i-- > 0;)
      if (writes(insns[i], reg)) return i;
    return std::nullopt;
  }
};

using Want = std::function<bool(const cs_insn&)>;

// The first of `candidates`, then of every one-byte change of `orig`, that decodes to a
// single instruction of orig's length which `want` accepts.
Bytes search(const Shape& s, const cs_insn& orig, const std::vector<Bytes>& candidates, const Want& want) {
  auto accepts = [&](const Bytes& b) {
    if (b.size() != orig.size) return false;
    cs_insn* out = nullptr;
    const size_t n = cs_disasm(s.h, b.data(), b.size(), orig.address, 1, &out);
    const bool ok = n == 1 && out[0].size == orig.size && want(out[0]);
    if (out) cs_free(out, n);
    return ok;
  };
  for (const Bytes& b : candidates)
    if (accepts(b)) return b;
  Bytes b(orig.bytes, orig.bytes + orig.size);
  for (size_t at = 0; at < b.size(); at++) {
    const uint8_t keep = b[at];
    for (unsigned v = 0; v < 256; v++) {
      if (v == keep) continue;
      b[at] = static_cast<uint8_t>(v);
      if (accepts(b)) return b;
    }
    b[at] = keep;
  }
  return {};
}

// The register `i` writes alone (a full general-purpose one), or "".
std::string sole_destination(const Shape& s, const cs_insn& i) {
  const auto w = s.written(i);
  return w.size() == 1 ? w.front() : "";
}

Mutation patched(std::string op, const cs_insn& orig, Bytes bytes, const Shape& s) {
  Mutation m{std::move(op), orig.address, std::move(bytes), ""};
  Insns now(s.h, m.bytes, orig.address);
  std::string after;
  for (size_t i = 0; i < now.size(); i++) after += (i ? "; " : "") + text(now[i]);
  m.change = fmt::format("{:#x}: {} -> {}", orig.address, text(orig), after);
  return m;
}

Mutation not_applicable(std::string op, std::string why) { return {std::move(op), 0, {}, std::move(why)}; }

bool is_special(std::string_view reg) { return reg == "SP" || reg == "PC" || reg == "LR" || reg.empty(); }

// Changing the context register before the code word is loaded through it calls
// whatever func value it then holds, by the ABI: another function, not a broken call.
const char* kConsistent = "the code word is loaded through the context register after it is set: "
                          "the mutant would call another func value correctly";

// Step 1 (golang/go 1903ad7, 6066fdc) has no context register: the callee reads
// nothing of the func value, and the register the code word is loaded through is
// whichever the compiler picked (5g: R2, with an argument in R0).
const char* kNoContext = "the profile has no context register (step 1): a callee reads nothing of the "
                         "func value, and another value in its register is another func value, "
                         "called correctly";

const char* kSetEarlier = "the context register is set before the site's block and the straight-line "
                          "code into it";

Mutation ctx_not_loaded(const Shape& s) {
  const char* op = "ctx-not-loaded";
  if (!s.has_context) return not_applicable(op, kNoContext);
  if (!s.ctx_writer) return not_applicable(op, kSetEarlier);
  if (s.code_word_through_ctx_after_its_write) return not_applicable(op, kConsistent);
  const cs_insn& c = *s.ctx_writer;
  Bytes nop = s.enc.nop(c.size, s.thumb);
  return nop.empty() ? not_applicable(op, "no no-op of its length") : patched(op, c, std::move(nop), s);
}

Mutation ctx_other_source(const Shape& s) {
  const char* op = "ctx-other-source";
  if (!s.has_context) return not_applicable(op, kNoContext);
  if (!s.ctx_writer) return not_applicable(op, kSetEarlier);
  if (s.code_word_through_ctx_after_its_write) return not_applicable(op, kConsistent);
  const cs_insn& c = *s.ctx_writer;
  const Isa::WriteOrigin o = s.isa.origin_of(s.decoding(), c, s.ctx);
  if (o.what == Isa::WriteOrigin::kCopy) {
    for (const char* other : {"BX", "CX", "SI", "DI", "AX", "R1", "R2", "R3", "R0", "R4"}) {
      if (other == o.from || other == s.ctx) continue;
      const Bytes b = search(s, c, {s.enc.copy(c, s.ctx, other, c.size, s.thumb, s.word)},
                             [&](const cs_insn& i) {
                               const auto w = s.written(i);
                               const auto from = s.isa.origin_of(s.decoding(), i, s.ctx);
                               return w == std::vector<std::string>{s.ctx} &&
                                      from.what == Isa::WriteOrigin::kCopy && from.from == other;
                             });
      if (!b.empty()) return patched(op, c, b, s);
    }
    return not_applicable(op, "no copy from another register of the same length");
  }
  if (o.what == Isa::WriteOrigin::kLoad && o.mem.index.empty() && !o.mem.absolute) {
    for (int64_t disp : {o.mem.disp + int64_t{s.word}, o.mem.disp - int64_t{s.word}}) {
      const Bytes b = search(s, c, {s.enc.with_displacement(c, disp, s.thumb)}, [&](const cs_insn& i) {
        const auto from = s.isa.origin_of(s.decoding(), i, s.ctx);
        return s.written(i) == std::vector<std::string>{s.ctx} && from.what == Isa::WriteOrigin::kLoad &&
               from.mem.base == o.mem.base && from.mem.index.empty() && from.mem.disp == disp;
      });
      if (!b.empty()) return patched(op, c, b, s);
    }
    return not_applicable(op, "no load from the next slot of the same length");
  }
  return not_applicable(op, fmt::format("the context register is computed ({}), not copied or loaded",
                                        text(c)));
}

// Whether an instruction after insns[at] reads `reg` before the call: clobbering its
// write would break that instruction (a load through it faults) before the call runs.
bool read_before_call(const Shape& s, size_t at, const std::string& reg) {
  for (size_t i = at + 1; i < s.call; i++) {
    const auto r = s.read(s.insns[i]);
    if (std::find(r.begin(), r.end(), reg) != r.end()) return true;
  }
  return false;
}

// Between the code-word load and the call, so that the code called is the right one
// and only the context register is wrong; it matters where something reads it: the
// callee, or the site rule (the code word was read through it).
Mutation ctx_clobbered(const Shape& s) {
  const char* op = "ctx-clobbered";
  if (!s.has_context) return not_applicable(op, kNoContext);
  const bool site_rule_sees = s.load && s.base == s.ctx;
  if (!site_rule_sees && !s.callee_consumes_ctx)
    return not_applicable(op, "the callee does not read the context register, nor was the code word "
                              "loaded through it: clobbering it breaks nothing the ABI defines");
  size_t from = s.ctx_write ? *s.ctx_write + 1 : 0;
  if (s.load) from = std::max(from, *s.load + 1);
  for (size_t at = from; at < s.call; at++) {
    const cs_insn& c = s.insns[at];
    const std::string dst = sole_destination(s, c);
    if (is_special(dst) || dst == s.ctx || std::find(s.chain.begin(), s.chain.end(), dst) != s.chain.end() ||
        read_before_call(s, at, dst))
      continue;
    const auto reads = s.read(c);
    const Bytes b = search(s, c, {}, [&](const cs_insn& i) {
      return std::string_view(i.mnemonic) == c.mnemonic && s.read(i) == reads &&
             s.written(i) == std::vector<std::string>{s.ctx};
    });
    if (!b.empty()) return patched(op, c, b, s);
  }
  return not_applicable(op, "no instruction between the code-word load (or the context register's "
                            "write) and the call writes a register nothing reads before the call");
}

const char* kNoLoad = "the code word is not loaded from word 0 of a register in the site's block";

Mutation code_word_offset(const Shape& s) {
  const char* op = "code-word-offset";
  if (!s.load) return not_applicable(op, kNoLoad);
  const cs_insn& l = s.insns[*s.load];
  const int64_t disp = s.word;
  const Want want = [&](const cs_insn& i) {
    if (s.loaded.empty()) {  // the call reads memory itself
      DecodedBlock b;
      s.isa.classify(s.decoding(), &i, 1, b);
      return b.kind == CallKind::kIndirectCall && b.source.registers.empty() &&
             b.source.mem.base == s.base && b.source.mem.disp == disp;
    }
    const auto o = s.isa.origin_of(s.decoding(), i, s.loaded);
    return s.written(i) == std::vector<std::string>{s.loaded} && o.what == Isa::WriteOrigin::kLoad &&
           o.mem.base == s.base && o.mem.index.empty() && o.mem.disp == disp;
  };
  if (Bytes b = search(s, l, {s.enc.with_displacement(l, disp, s.thumb)}, want); !b.empty())
    return patched(op, l, b, s);
  // x86 386: mov ecx, [edx]; call ecx has no room for a displacement, but the pair
  // becomes call [edx+4] and a no-op.
  if (!s.loaded.empty() && *s.load + 1 == s.call) {
    const cs_insn& c = s.insns[s.call];
    const Bytes b = s.enc.call_through_memory(s.base, disp, l.size + c.size, s.word);
    Insns fused(s.h, b, l.address);
    DecodedBlock d;
    if (fused.size() > 0) s.isa.classify(s.decoding(), fused.data(), 1, d);
    if (fused.size() > 0 && d.kind == CallKind::kIndirectCall && d.source.mem.base == s.base &&
        d.source.mem.disp == disp)
      return patched(op, l, b, s);
  }
  return not_applicable(op, "no load of word 1 of the same length");
}

Mutation call_func_value(const Shape& s) {
  const char* op = "call-func-value";
  if (!s.load) return not_applicable(op, kNoLoad);
  const cs_insn& l = s.insns[*s.load];
  if (s.loaded.empty()) {
    const Bytes b = search(s, l, {}, [&](const cs_insn& i) {
      DecodedBlock d;
      s.isa.classify(s.decoding(), &i, 1, d);
      return d.kind == CallKind::kIndirectCall && d.source.registers == std::vector<std::string>{s.base};
    });
    return b.empty() ? not_applicable(op, "no call through the register of the same length")
                     : patched(op, l, b, s);
  }
  const Bytes b = search(s, l, {s.enc.copy(l, s.loaded, s.base, l.size, s.thumb, s.word)},
                         [&](const cs_insn& i) {
                           const auto o = s.isa.origin_of(s.decoding(), i, s.loaded);
                           return s.written(i) == std::vector<std::string>{s.loaded} &&
                                  o.what == Isa::WriteOrigin::kCopy && o.from == s.base;
                         });
  return b.empty() ? not_applicable(op, "no copy of the same length") : patched(op, l, b, s);
}

// Where the code word comes from: back from the transfer through copies to a load of
// [base+0].
void find_code_word_load(Shape& s, const DecodedBlock& block) {
  const TargetSource& src = block.source;
  s.chain = src.registers;
  if (src.registers.empty()) {
    if (src.end == TargetSource::kLoad && src.mem.disp == 0 && src.mem.index.empty() &&
        !is_special(src.mem.base)) {
      s.load = s.call;
      s.base = src.mem.base;
    }
    return;
  }
  std::string reg = src.registers.front();
  size_t before = s.call;
  while (auto w = s.last_writer(before, reg)) {
    const Isa::WriteOrigin o = s.isa.origin_of(s.decoding(), s.insns[*w], reg);
    if (o.what == Isa::WriteOrigin::kCopy) {
      reg = o.from;
      before = *w;
      continue;
    }
    if (o.what == Isa::WriteOrigin::kLoad && o.mem.disp == 0 && o.mem.index.empty() &&
        !o.mem.absolute && !is_special(o.mem.base)) {
      s.load = *w;
      s.loaded = reg;
      s.base = o.mem.base;
    }
    return;
  }
}

}  // namespace

Bytes lead_in_of(const Arch& arch, const ImageView& view, uint64_t function, const SiteCode& code) {
  constexpr uint64_t kMaxDecoded = 1 << 20;  // a function's code, at most
  if (function >= code.block || code.block - function > kMaxDecoded) return {};
  Bytes bytes(code.block - function);
  if (!view.read(function, bytes.data(), bytes.size())) return {};
  CapstoneHandles capstone(arch.capstone_arch(), true);
  const Decoding d{capstone.get(arch.capstone_mode_for(code.thumb)), code.thumb};
  const Isa& isa = isa_of(arch);
  cs_insn* insn = cs_malloc(d.h);
  const uint8_t* p = bytes.data();
  size_t left = bytes.size();
  uint64_t addr = function, start = function;
  while (left > 0 && cs_disasm_iter(d.h, &p, &left, &addr, insn))
    if (isa.flow_of(d, *insn).what != Isa::Flow::kNext) start = addr;  // addr: the next one's
  cs_free(insn, 1);
  if (addr != code.block) return {};  // out of step with the block (data in the code)
  return Bytes(bytes.end() - static_cast<long>(code.block - start), bytes.end());
}

std::span<const MutationOperator> mutation_operators() { return kOperators; }

std::string mutation_operator_names() {
  std::string out;
  for (const MutationOperator& o : kOperators) out += (out.empty() ? "" : ", ") + std::string(o.name);
  return out;
}

std::vector<Mutation> mutations_at(const Arch& arch, const Profile& profile, const SiteCode& code,
                                   const std::vector<std::string>& ops) {
  const std::string_view context_register = profile.context_register(arch);
  CapstoneHandles capstone(arch.capstone_arch(), true);
  const csh h = capstone.get(arch.capstone_mode_for(code.thumb));
  const Isa& isa = isa_of(arch);
  std::vector<Mutation> out;
  auto wanted = [&](std::string_view op) {
    return ops.empty() || std::find(ops.begin(), ops.end(), op) != ops.end();
  };
  // The block, which the operators patch, and the block with the code that falls into
  // it, where the context register's write and the code word's load may be.
  Bytes whole_bytes = code.lead_in;
  whole_bytes.insert(whole_bytes.end(), code.bytes.begin(), code.bytes.end());
  Insns insns(h, code.bytes, code.block), whole(h, whole_bytes, code.block - code.lead_in.size());
  const auto block = decode_block(isa, h, code.thumb, code.block,
                                  static_cast<uint32_t>(code.bytes.size()), code.bytes, context_register);
  if (insns.size() == 0 || whole.size() == 0 || !is_indirect(block->kind)) {
    for (const MutationOperator& o : kOperators)
      if (wanted(o.name)) out.push_back(not_applicable(std::string(o.name), "the block does not decode"));
    return out;
  }
  auto shape_of = [&](const Insns& in, const DecodedBlock& b) {
    Shape s{isa, encoder_of(arch), h, code.thumb, arch.word_size(), std::string(context_register), in,
            in.size() - 1, nullptr, std::nullopt, false, std::nullopt, "", "", {}, code.callee_consumes_ctx,
            profile.has_context_register()};
    s.ctx_write = s.last_writer(s.call, s.ctx);
    find_code_word_load(s, b);
    return s;
  };
  Shape s = shape_of(insns, *block);
  const auto whole_block = decode_block(isa, h, code.thumb, whole[0].address,
                                        static_cast<uint32_t>(whole_bytes.size()), whole_bytes,
                                        context_register);
  const Shape w = shape_of(whole, *whole_block);
  if (w.ctx_write) s.ctx_writer = &whole[*w.ctx_write];
  s.code_word_through_ctx_after_its_write =
      w.ctx_write && w.load && w.base == w.ctx && *w.load > *w.ctx_write;
  using Make = Mutation (*)(const Shape&);
  static constexpr Make kMakers[] = {ctx_not_loaded, ctx_other_source, ctx_clobbered, code_word_offset,
                                     call_func_value};
  for (size_t i = 0; i < std::size(kOperators); i++)
    if (wanted(kOperators[i].name)) out.push_back(kMakers[i](s));
  return out;
}

}  // namespace fvemu
