// Fuzz target: the block decoder and call classifier. The input is a translated
// block's bytes, decoded as the tracer decodes every block it enters (decode_block:
// Capstone, then Isa::classify and reads_before_writing), then walked as the checker
// walks a function (registers_of, flow_of), with origin_of and trace_register asked
// about every register each instruction writes and reads, and unicorn_reg about every
// register a traced target names.
//
// Input: [mode][context register][address, 4 bytes][code...]; mode 0..3 is 386,
// amd64, ARM, Thumb.
#include <capstone/capstone.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "emu/capstone_handles.h"
#include "fuzz/byte_reader.h"
#include "harness/decode/block_cache.h"
#include "harness/decode/isa.h"

namespace {

struct Mode {
  const fvemu::Isa& isa;
  cs_arch arch;
  cs_mode mode;
  bool thumb;
  unsigned word_size;
};

// The registers a profile may name as its context register (go: DX / R7, go-step1:
// AX / R0), and a few it never does.
constexpr const char* kContextRegisters[] = {"DX", "AX", "BX", "R7", "R0", "R1", "R12", "SP"};

// Where the texts made from decoded operands go, so the compiler keeps making them.
volatile size_t text_sink;
void use(const std::string& s) { text_sink = text_sink + s.size(); }

void check_source(const Mode& m, const fvemu::TargetSource& src) {
  use(src.text());
  for (const std::string& r : src.registers) m.isa.unicorn_reg(r, m.word_size);
  m.isa.unicorn_reg(src.mem.base, m.word_size);
  m.isa.unicorn_reg(src.mem.index, m.word_size);
}

// What ContextUse and the tracer ask about each instruction.
void walk(const Mode& m, csh h, const cs_insn* insns, size_t n) {
  const fvemu::Decoding d{h, m.thumb};
  std::vector<std::string> read, written;
  for (size_t i = 0; i < n; i++) {
    m.isa.registers_of(h, insns[i], read, written);
    m.isa.flow_of(d, insns[i]);
    for (const std::string& r : written) {
      const fvemu::Isa::WriteOrigin o = m.isa.origin_of(d, insns[i], r);
      use(o.from);
      use(o.mem.text());
    }
    for (const std::string& r : read) check_source(m, m.isa.trace_register(d, insns, i, r));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fvemu::CapstoneHandles x86(CS_ARCH_X86, true), arm(CS_ARCH_ARM, true);
  const Mode modes[] = {
      {fvemu::isa_x86(), CS_ARCH_X86, CS_MODE_32, false, 4},
      {fvemu::isa_x86(), CS_ARCH_X86, CS_MODE_64, false, 8},
      {fvemu::isa_arm(), CS_ARCH_ARM, CS_MODE_ARM, false, 4},
      {fvemu::isa_arm(), CS_ARCH_ARM, CS_MODE_THUMB, true, 4},
  };
  fvemu::fuzz::ByteReader in(data, size);
  const Mode& m = modes[in.u8() % std::size(modes)];
  const std::string context = kContextRegisters[in.u8() % std::size(kContextRegisters)];
  const uint64_t addr = in.u32();
  const std::vector<uint8_t> code = in.rest();
  const csh h = (m.arch == CS_ARCH_X86 ? x86 : arm).get(m.mode);

  const auto block = fvemu::decode_block(m.isa, h, m.thumb, addr, static_cast<uint32_t>(code.size()),
                                         code, context);
  for (const std::string& line : block->listing) use(line);
  check_source(m, block->source);

  cs_insn* insns = nullptr;
  const size_t n = code.empty() ? 0 : cs_disasm(h, code.data(), code.size(), addr, 0, &insns);
  walk(m, h, insns, n);
  m.isa.reads_before_writing(h, insns, n, context);
  if (insns) cs_free(insns, n);
  return 0;
}
