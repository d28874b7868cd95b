#include "harness/check/profile_choice.h"

#include <capstone/capstone.h>

#include <optional>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/capstone_handles.h"
#include "emu/guest_error.h"
#include "emu/machine.h"
#include "harness/decode/isa.h"

namespace fvemu {
namespace {

// runtime.buildVersion, a Go string (pointer, length): "go1.19.8", "devel +1903ad7".
std::string build_version(Machine& m) {
  const std::optional<uint64_t> at = m.image().data_symbols.find("runtime.buildVersion");
  if (!at) return {};
  const unsigned word = m.arch().word_size();
  const std::optional<uint64_t> ptr = m.mem().read_word(*at, word);
  std::optional<uint64_t> len = m.mem().read_word(*at + word, word);
  // Before Go 1.1 a string's length was 32 bits on amd64 too.
  if (len && *len > 256) len = *len & 0xffffffff;
  if (!ptr || !len || *len == 0 || *len > 256) return {};
  std::string s(*len, '\0');
  if (!m.mem().read(*ptr, s.data(), s.size())) return {};
  for (char c : s)
    if (c < 0x20 || c > 0x7e) return {};
  return s;
}

// The register whose word 0 runtime.jmpdefer jumps to: jmpdefer (asm_*.s, Go 1.0 to
// 1.17) takes the deferred func value from its argument and jumps through word 0, so
// its first block ends in a jump whose target is loaded from [R+0] of the func value
// register of the era. Nullopt without jmpdefer or with another shape.
std::optional<std::string> jmpdefer_register(Machine& m) {
  const std::optional<uint64_t> entry = m.image().symbols.find("runtime.jmpdefer");
  if (!entry) return std::nullopt;
  const Arch& arch = m.arch();
  const bool arm = arch.capstone_arch() == CS_ARCH_ARM;  // Go's ARM code is ARM state
  CapstoneHandles capstone(arch.capstone_arch(), true);
  const csh h = capstone.get(arm ? CS_MODE_ARM : arch.capstone_mode(m.uc()));
  uint8_t code[96];
  size_t len = sizeof code;
  while (len > 0 && !m.mem().read(*entry, code, len)) len /= 2;
  cs_insn* insns = nullptr;
  const size_t n = cs_disasm(h, code, len, *entry, 0, &insns);
  const Isa& isa = isa_for(arch.name());
  const Decoding d{h, false};
  std::optional<std::string> reg;
  for (size_t i = 0; i < n; i++) {
    if (isa.flow_of(d, insns[i]).what == Isa::Flow::kNext) continue;
    DecodedBlock block;
    isa.classify(d, insns, i + 1, block);
    const TargetSource& src = block.source;
    if (block.kind == CallKind::kIndirectJump && !src.mem.base.empty() && src.is_word0_of(src.mem.base))
      reg = src.mem.base;
    break;
  }
  if (insns) cs_free(insns, n);
  return reg;
}

ProfileChoice detect_go_profile(Machine& m, const std::string& version) {
  const std::string arch(m.arch().name());
  const bool closure_code = m.image().symbols.find("runtime.closure").has_value();
  const std::string program = version.empty() ? "a Go program" : fmt::format("a Go program ({})", version);
  const std::optional<std::string> reg = jmpdefer_register(m);
  const Profile* chosen = nullptr;
  std::string why;
  if (reg) {
    for (const Profile& p : profiles()) {
      if (p.context_register(arch) != *reg) continue;
      // A tie (6066fdc and Go >= 1.1 on x86, 1903ad7 and 6066fdc on ARM): step 1's
      // closures need the runtime's code generator.
      if (!chosen || (p.step1_rule == closure_code && chosen->step1_rule != closure_code))
        chosen = &p;
    }
    why = fmt::format("runtime.jmpdefer calls deferred func values through word 0 of {}", *reg);
    if (chosen && chosen->step1_rule) why += closure_code ? ", and runtime.closure is linked" : "";
    else if (chosen && closure_code) why += ", yet runtime.closure is linked";
  }
  if (!chosen && closure_code) {
    chosen = find_profile("go-step1");
    why = "runtime.closure, step 1's closure code generator, is linked (without runtime.jmpdefer, "
          "AX and DX cannot be told apart: --profile go-step1-dx for golang/go 6066fdc)";
  }
  if (!chosen) {
    chosen = find_profile("go");
    why = reg ? why + ", which no profile's func value register is"
              : "without runtime.jmpdefer (Go 1.18 removed it) or runtime.closure";
  }
  return {chosen, fmt::format("{}: {}: {}", program, why, chosen->era)};
}

}  // namespace

ProfileChoice detect_profile(Machine& m) {
  for (const Profile& p : profiles())
    if (!p.marker.empty() && m.image().data_symbols.find(p.marker))
      return {&p, fmt::format("built on fvrt for {} (it carries {})", p.name, p.marker)};
  const std::string version = build_version(m);
  if (!version.empty() || m.image().symbols.find("runtime.main")) return detect_go_profile(m, version);
  return {};
}

ProfileChoice choose_profile(Machine& m, const std::string& name, const std::string& program,
                             const std::string& command) {
  if (name != "auto") {
    if (const Profile* p = find_profile(name)) return {p, "named with --profile"};
    throw RunError(kExitCannotRun,
                   fmt::format("{}: unknown --profile {} ({})", command, name, profile_names()));
  }
  ProfileChoice c = detect_profile(m);
  if (c.profile) return c;
  throw RunError(kExitCannotRun,
                 fmt::format("{}: {} is not a Go program nor built on fvrt: say which ABI it "
                             "follows with --profile ({})", command, program, profile_names()));
}

}  // namespace fvemu
