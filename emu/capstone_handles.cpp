#include "emu/capstone_handles.h"

#include <stdexcept>

namespace fvemu {

CapstoneHandles::~CapstoneHandles() {
  for (auto& [mode, h] : handles_) cs_close(&h);
}

csh CapstoneHandles::get(cs_mode mode) {
  for (auto& [m, h] : handles_)
    if (m == mode) return h;
  csh h;
  if (cs_open(arch_, mode, &h) != CS_ERR_OK)
    throw std::runtime_error("internal: capstone cannot open this arch");
  if (detail_) cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
  handles_.emplace_back(mode, h);
  return h;
}

}  // namespace fvemu
