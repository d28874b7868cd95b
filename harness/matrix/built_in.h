// Files of the source tree that fvemu carries inside itself, so that it needs no
// source tree at run time: generated into the build by cmake/Targets.cmake.
#pragma once

#include <map>
#include <string_view>

namespace fvemu {

extern const std::string_view kBuiltInTargetsJson;  // targets.json
// cases/bad/<arch>/prelude.inc by arch: what `#include "prelude.inc"` finds in an
// assembly case that `fvemu matrix` builds outside this tree.
extern const std::map<std::string_view, std::string_view> kBuiltInPreludes;

}  // namespace fvemu
