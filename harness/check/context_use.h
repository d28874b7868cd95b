// Whether a function consumes the context register: reads it before writing it on
// some path from its entry. Decided by decoding the function from the program's image
// (its code as loaded: a function with a symbol is the image's), not by its name: branches are followed both ways; a call, a return, an indirect jump or a
// write of the register ends a path (a call may clobber it). Cached per entry.
#pragma once

#include <capstone/capstone.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "emu/capstone_handles.h"
#include "emu/elf/image_view.h"

namespace fvemu {

class Isa;

class ContextUse {
 public:
  ContextUse(const ImageView& image, std::string context_register);
  ~ContextUse();
  ContextUse(const ContextUse&) = delete;
  ContextUse& operator=(const ContextUse&) = delete;

  // `thumb`: the function is Thumb code (ARM).
  bool consumes(uint64_t entry, bool thumb);

 private:
  bool analyse(uint64_t entry, bool thumb);

  ImageView image_;
  const Isa& isa_;
  std::string reg_;
  std::unordered_map<uint64_t, bool> cache_;  // entry | thumb bit
  CapstoneHandles capstone_;
};

}  // namespace fvemu
