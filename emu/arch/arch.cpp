#include "emu/arch/arch.h"

#include <array>

namespace fvemu {

std::span<const Arch* const> all_arches() {
  static const std::array<const Arch*, 3> arches = {&arch_386(), &arch_amd64(), &arch_arm()};
  return arches;
}

const Arch* arch_for_elf(uint16_t machine, uint8_t elf_class) {
  for (const Arch* a : all_arches())
    if (a->elf_machine() == machine && a->elf_class() == elf_class) return a;
  return nullptr;
}

uint64_t reg_read(uc_engine* uc, int reg) {
  uint64_t v = 0;  // Unicorn writes 4 bytes for 32-bit registers: zero the rest first
  uc_reg_read(uc, reg, &v);
  return v;
}

void reg_write(uc_engine* uc, int reg, uint64_t value) { uc_reg_write(uc, reg, &value); }

}  // namespace fvemu
