#include "harness/profile/choice.h"

#include <capstone/capstone.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/capstone_handles.h"
#include "emu/guest_error.h"
#include "emu/elf/image_view.h"
#include "harness/decode/isa.h"

namespace fvemu {
namespace {

// runtime.buildVersion, a Go string (pointer, length): "go1.19.8", "devel +1903ad7".
std::string build_version(const ImageView& image) {
  std::optional<uint64_t> at = image.image().data_symbols.find("runtime.buildVersion");
  if (!at) return {};
  *at += image.bias();
  const unsigned word = image.arch().word_size();
  const std::optional<uint64_t> ptr = image.read_word(*at, word);
  std::optional<uint64_t> len = image.read_word(*at + word, word);
  // Before Go 1.1 a string's length was 32 bits on amd64 too.
  if (len && *len > 256) len = *len & 0xffffffff;
  if (!ptr || !len || *len == 0 || *len > 256) return {};
  std::string s(*len, '\0');
  if (!image.read(*ptr, s.data(), s.size())) return {};
  for (char c : s)
    if (c < 0x20 || c > 0x7e) return {};
  return s;
}

// The runtime functions that jump through word 0 of a func value in every era they
// exist in (asm_*.s): jmpdefer runs a deferred call (Go 1.0 to 1.17), gogocallfn
// starts a goroutine (up to Go 1.1; the scheduler always links it).
constexpr std::string_view kFuncValueJumpers[] = {"runtime.jmpdefer", "runtime.gogocallfn"};

// Whether `reg` holds the func value at the jump that ends insns[0..n): it is the
// register the target was loaded from ([R+0]), or was copied from it in the block
// (ARM's gogocallfn: MOVW R1, R0; MOVW 0(R1), PC).
bool holds_func_value(const Isa& isa, const Decoding& d, const cs_insn* insns, size_t n,
                      const TargetSource& src, std::string_view reg) {
  if (src.mem.base == reg) return true;
  const TargetSource origin = isa.trace_register(d, insns, n - 1, std::string(reg));
  return std::find(origin.registers.begin(), origin.registers.end(), src.mem.base) !=
         origin.registers.end();
}

// The profiles whose func value register holds the func value that `symbol` jumps
// through word 0 of, found by decoding it from its entry to its first indirect jump.
std::vector<const Profile*> profiles_jumping_through(const ImageView& image, std::string_view symbol,
                                                     std::string& reg) {
  std::vector<const Profile*> fit;
  std::optional<uint64_t> entry = image.image().symbols.find(symbol);
  if (!entry) return fit;
  *entry += image.bias();
  const Arch& arch = image.arch();
  CapstoneHandles capstone(arch.capstone_arch(), true);
  const csh h = capstone.get(arch.capstone_mode_for(false));  // Go's ARM code is ARM state
  uint8_t code[256];
  size_t len = sizeof code;
  while (len > 0 && !image.read(*entry, code, len)) len /= 2;
  cs_insn* insns = nullptr;
  const size_t n = cs_disasm(h, code, len, *entry, 0, &insns);
  const Isa& isa = isa_of(arch);
  const Decoding d{h, false};
  for (size_t start = 0, i = 0; i < n; i++) {
    const Isa::Flow flow = isa.flow_of(d, insns[i]);
    if (flow.what == Isa::Flow::kNext) continue;
    DecodedBlock block;
    isa.classify(d, insns + start, i + 1 - start, block);
    const TargetSource& src = block.source;
    if (block.conditional) {  // ARM: addne lr, pc, #0; addne pc, r0, #0 may not be taken
      start = i + 1;
      continue;
    }
    if (block.kind == CallKind::kIndirectJump) {
      if (!src.mem.base.empty() && src.is_word0_of(src.mem.base)) {
        reg = src.mem.base;
        for (const Profile& p : profiles())
          if (holds_func_value(isa, d, insns + start, i + 1 - start, src, p.context_register(arch)))
            fit.push_back(&p);
      }
      break;
    }
    if (flow.what == Isa::Flow::kJump || flow.what == Isa::Flow::kStop) break;
    start = i + 1;  // a conditional branch or call: the code after it is the next block
  }
  if (insns) cs_free(insns, n);
  return fit;
}

ProfileChoice detect_go_profile(const ImageView& image, const std::string& version) {
  const bool closure_code = image.image().symbols.find("runtime.closure").has_value();
  const std::string program = version.empty() ? "a Go program" : fmt::format("a Go program ({})", version);
  const Profile* chosen = nullptr;
  std::string why;
  for (std::string_view jumper : kFuncValueJumpers) {
    std::string reg;
    const std::vector<const Profile*> fit = profiles_jumping_through(image, jumper, reg);
    if (fit.empty()) continue;
    // A tie (6066fdc and Go >= 1.1 on x86, 1903ad7 and 6066fdc on ARM): step 1's
    // closures need the runtime's code generator.
    for (const Profile* p : fit)
      if (!chosen || (p->step1_rule == closure_code && chosen->step1_rule != closure_code)) chosen = p;
    why = fmt::format("{} jumps through word 0 of the func value in {}", jumper,
                      chosen->context_register(image.arch()));
    if (fit.size() > 1 && chosen->step1_rule == closure_code)
      why += closure_code ? ", and runtime.closure is linked" : ", and runtime.closure is not linked";
    break;
  }
  if (!chosen && closure_code) {
    chosen = find_profile("go-step1");
    why = "runtime.closure, step 1's closure code generator, is linked";
  }
  if (!chosen) {
    chosen = find_profile("go");
    why = "no runtime.jmpdefer (Go 1.18 removed it), runtime.gogocallfn or runtime.closure";
  }
  return {chosen, fmt::format("{}: {}: {}", program, why, chosen->era)};
}

}  // namespace

ProfileChoice detect_profile(const ImageView& image) {
  for (const Profile& p : profiles())
    if (!p.marker.empty() && image.image().data_symbols.find(p.marker))
      return {&p, fmt::format("built on fvrt for {} (it carries {})", p.name, p.marker)};
  const std::string version = build_version(image);
  if (!version.empty() || image.image().symbols.find("runtime.main"))
    return detect_go_profile(image, version);
  return {};
}

ProfileChoice choose_profile(const ImageView& image, const std::string& name, const std::string& program,
                             const std::string& command) {
  if (name != "auto") {
    if (const Profile* p = find_profile(name)) return {p, "named with --profile"};
    throw RunError(kExitCannotRun,
                   fmt::format("{}: unknown --profile {} ({})", command, name, profile_names()));
  }
  ProfileChoice c = detect_profile(image);
  if (c.profile) return c;
  throw RunError(kExitCannotRun,
                 fmt::format("{}: {} is not a Go program nor built on fvrt: say which ABI it "
                             "follows with --profile ({})", command, program, profile_names()));
}

}  // namespace fvemu
