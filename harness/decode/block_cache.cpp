#include "harness/decode/block_cache.h"

#include <algorithm>

#include <fmt/format.h>

#include "emu/arch/arch.h"
#include "emu/machine.h"
#include "harness/decode/isa.h"

namespace fvemu {

BlockCache::BlockCache(Machine& m, std::string context_register)
    : m_(m),
      blocks_(m.blocks()),
      isa_(isa_of(m.arch())),
      context_register_(std::move(context_register)),
      capstone_(m.arch().capstone_arch(), true) {}

BlockCache::~BlockCache() = default;

const DecodedBlock* BlockCache::decode(uint64_t addr, uint32_t size) {
  std::vector<uint8_t> code(size);
  if (!m_.mem().read(addr, code.data(), code.size())) code.clear();
  const bool thumb = m_.arch().in_thumb_state(m_.uc());
  auto block = decode_block(isa_, capstone_.get(m_.arch().capstone_mode_for(thumb)), thumb, addr, size,
                            code, context_register_);
  const MemoryArea* area = m_.mem().find(addr);
  block->in_image = area && area->name == "[image]";
  if (!block->in_image) block->code = std::move(code);
  const DecodedBlock* decoded = block.get();
  blocks_.attach(addr, size, std::move(block));
  return decoded;
}

std::unique_ptr<DecodedBlock> decode_block(const Isa& isa, csh h, bool thumb, uint64_t addr,
                                           uint32_t size, const std::vector<uint8_t>& code,
                                           std::string_view context_register) {
  auto b = std::make_unique<DecodedBlock>();
  b->addr = addr;
  b->size = size;
  b->thumb = thumb;
  cs_insn* insns = nullptr;
  const size_t n = code.empty() ? 0 : cs_disasm(h, code.data(), code.size(), addr, 0, &insns);
  size_t decoded = 0;
  for (size_t i = 0; i < n; i++) decoded += insns[i].size;
  // Only a block decoded to its end says how it ends (Capstone 4 lacks a few
  // instructions Unicorn runs; such a block is traced as falling through).
  if (n > 0 && decoded == code.size()) {
    const Decoding d{h, thumb};
    b->site = insns[n - 1].address;
    b->next = insns[n - 1].address + insns[n - 1].size;
    isa.classify(d, insns, n, *b);
    b->reads_ctx_first = isa.reads_before_writing(h, insns, n, context_register);
    const std::vector<std::string>& chain = b->source.registers;
    const Isa::TransferValues values = is_indirect(b->kind)
                                           ? isa.transfer_values(d, insns, n, b->source, context_register)
                                           : Isa::TransferValues{};
    b->target_via_ctx = std::find(chain.begin(), chain.end(), context_register) != chain.end() ||
                        values.target_is_ctx_value;
    b->target_word0_of_ctx = b->source.is_word0_of(context_register);
    // At the target the loading register still holds the value it had at the load
    // (the load itself, which may overwrite it, and the transfer included).
    b->load_base_kept = values.base_kept;
    b->load_base_at_entry = !b->load_base_kept && values.base_from_entry;
    b->target_from_ctx_value = values.base_is_ctx_value;
    if (b->kind == CallKind::kCall || is_indirect(b->kind))
      for (size_t i = 0; i < n; i++)
        b->listing.push_back(fmt::format("{:#x}: {}{}{}", insns[i].address, insns[i].mnemonic,
                                         insns[i].op_str[0] ? " " : "", insns[i].op_str));
  }
  if (insns) cs_free(insns, n);
  return b;
}

}  // namespace fvemu
