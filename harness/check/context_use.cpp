#include "harness/check/context_use.h"

#include <algorithm>
#include <unordered_set>

#include "emu/arch/arch.h"
#include "harness/decode/isa.h"

namespace fvemu {
namespace {

// Enough for any function prologue and the path to its first use of the register.
constexpr int kMaxInstructions = 4096;

}  // namespace

ContextUse::ContextUse(const ImageView& image, std::string context_register)
    : image_(image),
      isa_(isa_of(image.arch())),
      reg_(std::move(context_register)),
      capstone_(image.arch().capstone_arch(), true) {}

ContextUse::~ContextUse() = default;

bool ContextUse::consumes(uint64_t entry, bool thumb) {
  const uint64_t key = entry | (thumb ? 1 : 0);
  auto it = cache_.find(key);
  if (it == cache_.end()) it = cache_.emplace(key, analyse(entry, thumb)).first;
  return it->second;
}

bool ContextUse::analyse(uint64_t entry, bool thumb) {
  const csh h = capstone_.get(image_.arch().capstone_mode_for(thumb));
  const Decoding d{h, thumb};
  cs_insn* insn = cs_malloc(h);
  std::vector<uint64_t> work{entry};
  std::unordered_set<uint64_t> seen;
  std::vector<std::string> read, written;
  bool found = false;
  int budget = kMaxInstructions;
  while (!work.empty() && !found && budget > 0) {
    uint64_t at = work.back();
    work.pop_back();
    while (budget-- > 0 && seen.insert(at).second) {
      uint8_t bytes[16];
      size_t len = sizeof bytes;
      while (len > 0 && !image_.read(at, bytes, len)) len /= 2;  // near a segment's end
      const uint8_t* p = bytes;
      uint64_t addr = at;
      if (len == 0 || !cs_disasm_iter(h, &p, &len, &addr, insn)) break;
      isa_.registers_of(h, *insn, read, written);
      if (std::find(read.begin(), read.end(), reg_) != read.end()) {
        found = true;
        break;
      }
      if (std::find(written.begin(), written.end(), reg_) != written.end()) break;
      const Isa::Flow flow = isa_.flow_of(d, *insn);
      if (flow.what == Isa::Flow::kBranch) work.push_back(flow.target);
      if (flow.what == Isa::Flow::kJump) {
        at = flow.target;
        continue;
      }
      if (flow.what == Isa::Flow::kCall || flow.what == Isa::Flow::kStop) break;
      at = insn->address + insn->size;
    }
  }
  cs_free(insn, 1);
  return found;
}

}  // namespace fvemu
