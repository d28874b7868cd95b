// Fuzz target: the block decoder and call classifier. The input is a translated
// block's bytes, decoded as the tracer decodes every block it enters (decode_block:
// Capstone, then Isa::classify and reads_before_writing), then walked as the checker
// walks a function (registers_of, flow_of), with origin_of and trace_register asked
// about every register each instruction writes and reads, and Arch::register_id about
// every register a traced target names.
//
// Input: [mode][context register][address, 4 bytes][code...]; mode 0..3 is 386,
// amd64, ARM, Thumb.
#include <capstone/capstone.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "emu/arch/arch.h"
#include "emu/capstone_handles.h"
#include "fuzz/byte_reader.h"
#include "harness/decode/block_cache.h"
#include "harness/decode/isa.h"

namespace {

struct Mode {
  const fvemu::Arch& arch;
  bool thumb;
  const fvemu::Isa& isa() const { return fvemu::isa_of(arch); }
};

// The registers a profile may name as its context register (go: DX / R7, go-step1:
// AX / R0), and a few it never does.
constexpr const char* kContextRegisters[] = {"DX", "AX", "BX", "R7", "R0", "R1", "R12", "SP"};

// Where the texts made from decoded operands go, so the compiler keeps making them.
volatile size_t text_sink;
void use(const std::string& s) { text_sink = text_sink + s.size(); }

void check_source(const Mode& m, const fvemu::TargetSource& src) {
  use(src.text());
  for (const std::string& r : src.registers) m.arch.register_id(r);
  m.arch.register_id(src.mem.base);
  m.arch.register_id(src.mem.index);
}

// What ContextUse and the tracer ask about each instruction.
void walk(const Mode& m, csh h, const cs_insn* insns, size_t n) {
  const fvemu::Decoding d{h, m.thumb};
  std::vector<std::string> read, written;
  for (size_t i = 0; i < n; i++) {
    m.isa().registers_of(h, insns[i], read, written);
    m.isa().flow_of(d, insns[i]);
    for (const std::string& r : written) {
      const fvemu::Isa::WriteOrigin o = m.isa().origin_of(d, insns[i], r);
      use(o.from);
      use(o.mem.text());
    }
    for (const std::string& r : read) check_source(m, m.isa().trace_register(d, insns, i, r));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fvemu::CapstoneHandles x86(CS_ARCH_X86, true), arm(CS_ARCH_ARM, true);
  const Mode modes[] = {
      {fvemu::arch_386(), false},
      {fvemu::arch_amd64(), false},
      {fvemu::arch_arm(), false},
      {fvemu::arch_arm(), true},
  };
  fvemu::fuzz::ByteReader in(data, size);
  const Mode& m = modes[in.u8() % std::size(modes)];
  const std::string context = kContextRegisters[in.u8() % std::size(kContextRegisters)];
  const uint64_t addr = in.u32();
  const std::vector<uint8_t> code = in.rest();
  const csh h = (m.arch.capstone_arch() == CS_ARCH_X86 ? x86 : arm).get(m.arch.capstone_mode_for(m.thumb));

  const auto block = fvemu::decode_block(m.isa(), h, m.thumb, addr, static_cast<uint32_t>(code.size()),
                                         code, context);
  for (const std::string& line : block->listing) use(line);
  check_source(m, block->source);

  cs_insn* insns = nullptr;
  const size_t n = code.empty() ? 0 : cs_disasm(h, code.data(), code.size(), addr, 0, &insns);
  walk(m, h, insns, n);
  m.isa().reads_before_writing(h, insns, n, context);
  if (insns) cs_free(insns, n);
  return 0;
}
