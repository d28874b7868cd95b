#include "harness/mutate/encoder.h"

#include <stdexcept>
#include <string>

#include "emu/arch/arch.h"

namespace fvemu {

const Encoder& encoder_x86();  // encoder_x86.cpp
const Encoder& encoder_arm();  // encoder_arm.cpp

const Encoder& encoder_of(const Arch& arch) {
  for (const Encoder* e : {&encoder_x86(), &encoder_arm()})
    if (e->capstone_arch() == arch.capstone_arch()) return *e;
  throw std::invalid_argument("no mutation support for arch " + std::string(arch.name()));
}

}  // namespace fvemu
