// ABI profiles, as data: one per era of Go's func-value ABI (golang/go's history,
// README "Profiles"): which register carries the func value on each arch, and which
// rules (harness/check) hold for programs built that way. Adding a calling convention
// is one entry in kProfiles (gccgo's static chain, ECX on 386 but R10 on amd64, would
// first need the x86 register per word size).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace fvemu {

class Arch;

struct Profile {
  std::string_view name;
  std::string_view description;
  // The closure-context register (go), or the func value register (go-step1), per
  // instruction set (Isa::context_register picks its own), named the Go assembler's
  // way ("DX", "R7"). It is also the register the era's runtime.jmpdefer jumps
  // through word 0 of, which is how --profile auto tells the eras apart
  // (harness/profile/choice.cpp).
  std::string_view context_x86, context_arm;
  // Rules that apply (docs/rules.md "Rules"): entry and site for a context register
  // ABI, step1 for the 2013 seed, where the func value is only a code word's holder;
  // target for every era: Go code calls code.
  bool entry_rule = false, site_rule = false, step1_rule = false, target_rule = true;
  // The data symbol that programs built on fvrt for this profile carry (runtime/),
  // so that --profile auto recognises them; "" when fvrt has no such build.
  std::string_view marker;
  // The golang/go commits (or releases) whose compilers emit this shape.
  std::string_view era;

  std::string_view context_register(const Arch& arch) const;
  // Whether the callee reads the func value from that register (go), or the
  // register only carries it to the caller's code-word load (step 1).
  bool has_context_register() const { return entry_rule || site_rule; }
};

std::span<const Profile> profiles();
const Profile* find_profile(std::string_view name);
// "go, go-step1, go-step1-dx": for messages.
std::string profile_names();

}  // namespace fvemu
