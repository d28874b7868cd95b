// Capstone handles for one arch, one per mode (ARM and Thumb state need their own),
// opened on first use and closed with the object.
#pragma once

#include <capstone/capstone.h>

#include <utility>
#include <vector>

namespace fvemu {

class CapstoneHandles {
 public:
  // `detail`: decode operands and register accesses too (CS_OPT_DETAIL).
  CapstoneHandles(cs_arch arch, bool detail) : arch_(arch), detail_(detail) {}
  ~CapstoneHandles();
  CapstoneHandles(const CapstoneHandles&) = delete;
  CapstoneHandles& operator=(const CapstoneHandles&) = delete;

  csh get(cs_mode mode);

 private:
  cs_arch arch_;
  bool detail_;
  std::vector<std::pair<cs_mode, csh>> handles_;
};

}  // namespace fvemu
