#include "harness/profile/profile.h"

#include "harness/decode/isa.h"

namespace fvemu {
namespace {

constexpr Profile kProfiles[] = {
    // Go >= 1.1: cmd/compile's REGCTXT (src/cmd/internal/obj/x86 and obj/arm).
    {"go", "Go >= 1.1: the func value in the closure-context register, called through word 0",
     "DX", "R7", true, true, false, true, "fvrt_profile_go",
     "golang/go 9f64728 (2013-02-22, step 2: closures are data) to today"},
    // golang/go 1903ad7 (2013, "step 1"): the func value in AX/R0, its word 0 loaded
    // into BX/R1 and called; no context register yet.
    {"go-step1", "Go's 2013 seed: every func-value call loads word 0 of the func value",
     "AX", "R0", false, false, true, true, "fvrt_profile_go_step1",
     "golang/go 1903ad7 (2013-02-21, step 1: indirect func values)"},
    // golang/go 6066fdc, one day later: 6g and 8g move the func value to DX (the
    // register step 2 makes the context register); 5g keeps R0.
    {"go-step1-dx", "Go's seed a day later: step 1 with the func value in DX on x86",
     "DX", "R0", false, false, true, true, "",
     "golang/go 6066fdc (2013-02-22: 6g, 8g switch to DX) up to 9f64728"},
};

}  // namespace

std::string_view Profile::context_register(const Arch& arch) const {
  return isa_of(arch).context_register(*this);
}

std::span<const Profile> profiles() { return kProfiles; }

const Profile* find_profile(std::string_view name) {
  for (const Profile& p : kProfiles)
    if (p.name == name) return &p;
  return nullptr;
}

std::string profile_names() {
  std::string out;
  for (const Profile& p : kProfiles) out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out;
}

}  // namespace fvemu
