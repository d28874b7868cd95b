#include "harness/profile.h"

namespace fvemu {
namespace {

constexpr Profile kProfiles[] = {
    // Go >= 1.1: cmd/compile's REGCTXT (src/cmd/internal/obj/x86 and obj/arm).
    {"go", "Go >= 1.1: the func value in the closure-context register, called through word 0",
     "DX", "DX", "R7", true, true, false, "fvrt_profile_go"},
    // golang/go 1903ad7 (2013, "step 1"): the func value in AX/R0, its word 0 loaded
    // into BX/R1 and called; no context register yet.
    {"go-step1", "Go's 2013 seed: every func-value call loads word 0 of the func value",
     "AX", "AX", "R0", false, false, true, "fvrt_profile_go_step1"},
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
