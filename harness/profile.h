// ABI profiles: which register carries the closure context on each arch, as data.
// Adding a calling convention (gccgo's static chain: ECX, R10, R12) is one entry in
// kProfiles (profile.cpp).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace fvemu {

struct Profile {
  std::string_view name;
  std::string_view description;
  // The context register per arch, named the Go assembler's way ("DX", "R7").
  std::string_view context_386, context_amd64, context_arm;

  std::string_view context_register(std::string_view arch) const;
};

std::span<const Profile> profiles();
const Profile* find_profile(std::string_view name);

}  // namespace fvemu
