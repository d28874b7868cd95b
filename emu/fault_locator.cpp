#include "emu/fault_locator.h"

#include <capstone/capstone.h>

#include <vector>

#include "emu/arch/arch.h"

namespace fvemu {

std::optional<uint64_t> locate_faulting_instruction(uc_engine* uc, const Arch& arch,
                                                    uint64_t block, uint32_t block_size,
                                                    uint64_t fault_addr) {
  std::vector<uint8_t> code(block_size);
  if (block_size == 0 || uc_mem_read(uc, block, code.data(), code.size()) != UC_ERR_OK)
    return std::nullopt;
  csh h;
  if (cs_open(arch.capstone_arch(), arch.capstone_mode(uc), &h) != CS_ERR_OK) return std::nullopt;
  cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
  cs_insn* insn = cs_malloc(h);
  const uint8_t* p = code.data();
  size_t left = code.size();
  uint64_t at = block;
  std::optional<uint64_t> found;
  while (!found && cs_disasm_iter(h, &p, &left, &at, insn)) {
    for (const MemoryAccess& a : arch.memory_accesses(uc, *insn))
      if (fault_addr >= a.begin && fault_addr < a.end) found = insn->address;
  }
  cs_free(insn, 1);
  cs_close(&h);
  return found;
}

}  // namespace fvemu
