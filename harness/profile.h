// ABI profiles, as data: which register carries the func value on each arch, and
// which rules (harness/check) hold for programs built that way. Adding a calling
// convention (gccgo's static chain: ECX, R10, R12) is one entry in kProfiles.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace fvemu {

struct Profile {
  std::string_view name;
  std::string_view description;
  // The closure-context register (go), or the func value register (go-step1), per
  // arch, named the Go assembler's way ("DX", "R7").
  std::string_view context_386, context_amd64, context_arm;
  // Rules that apply (README "Rules"): entry and site for a context register ABI,
  // step1 for the 2013 seed, where the func value is only a code word's holder.
  bool entry_rule = false, site_rule = false, step1_rule = false;
  // The data symbol that programs built on fvrt for this profile carry (runtime/),
  // so that --profile auto recognises them.
  std::string_view marker;

  std::string_view context_register(std::string_view arch) const;
};

std::span<const Profile> profiles();
const Profile* find_profile(std::string_view name);

}  // namespace fvemu
