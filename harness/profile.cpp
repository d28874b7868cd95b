#include "harness/profile.h"

namespace fvemu {
namespace {

// Go >= 1.1: cmd/compile's REGCTXT (src/cmd/internal/obj/x86 and obj/arm).
constexpr Profile kProfiles[] = {
    {"go", "Go >= 1.1: the func value in the closure-context register", "DX", "DX", "R7"},
};

}  // namespace

std::string_view Profile::context_register(std::string_view arch) const {
  if (arch == "386") return context_386;
  if (arch == "amd64") return context_amd64;
  if (arch == "arm") return context_arm;
  return {};
}

std::span<const Profile> profiles() { return kProfiles; }

const Profile* find_profile(std::string_view name) {
  for (const Profile& p : kProfiles)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace fvemu
