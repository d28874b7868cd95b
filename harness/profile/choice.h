// Which ABI profile a program is checked against: the one named, or with "auto" the
// one it was built for, told from the binary itself, with the reason in words (the
// report, the matrix and the Python module show it).
#pragma once

#include <string>

#include "harness/profile/profile.h"

namespace fvemu {

class ImageView;

struct ProfileChoice {
  const Profile* profile = nullptr;  // null: auto could not tell
  std::string reason;                // why this profile, one sentence
};

// The profile the program whose image is `image` was built for:
// - built on fvrt: the profile whose marker symbol it carries;
// - a Go program (runtime.main or runtime.buildVersion): the profile whose func value
//   register holds the func value runtime.jmpdefer (Go <= 1.17's deferred call) or
//   else runtime.gogocallfn (Go <= 1.1's goroutine start) jumps through word 0 of;
//   where two profiles share it, step 1's when runtime.closure (the code generator
//   step 1 closures need, deleted by golang/go 9f64728) is linked; go when none of
//   these is linked.
// Anything else: no profile.
ProfileChoice detect_profile(const ImageView& image);

// The profile called `name`, or detect_profile's for "auto". Throws RunError, naming
// `command`, for an unknown name or a program auto cannot tell.
ProfileChoice choose_profile(const ImageView& image, const std::string& name, const std::string& program,
                             const std::string& command);

}  // namespace fvemu
