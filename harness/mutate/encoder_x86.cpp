// 386 and amd64: the recommended multi-byte NOPs (Intel SDM vol. 2B, "NOP"), `mov r/m,
// r` (89 /r) for copies, and a displacement made one byte longer by dropping a REX.W
// that only widened a load (amd64 `mov rcx, [rax]` -> `mov ecx, [rax+8]`: the same
// length, and a code address below 4 GiB survives the 32-bit load).
#include <array>
#include <string_view>

#include "emu/arch/arch.h"
#include "harness/mutate/encoder.h"

namespace fvemu {
namespace {

constexpr std::array<std::string_view, 16> kRegisters = {
    "AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI",
    "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"};

int number_of(std::string_view reg) {
  for (size_t i = 0; i < kRegisters.size(); i++)
    if (kRegisters[i] == reg) return static_cast<int>(i);
  return -1;
}

class EncoderX86 final : public Encoder {
 public:
  cs_arch capstone_arch() const override { return CS_ARCH_X86; }

  Bytes nop(unsigned size, bool) const override {
    static const Bytes kNops[] = {
        {},
        {0x90},
        {0x66, 0x90},
        {0x0f, 0x1f, 0x00},
        {0x0f, 0x1f, 0x40, 0x00},
        {0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
        {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
        {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00}};
    Bytes out;
    while (size > 0) {
      const unsigned n = size < 9 ? size : 9;
      out.insert(out.end(), kNops[n].begin(), kNops[n].end());
      size -= n;
    }
    return out;
  }

  Bytes copy(const cs_insn&, std::string_view dst, std::string_view src, unsigned size, bool,
             unsigned word) const override {
    const int d = number_of(dst), s = number_of(src);
    if (d < 0 || s < 0 || (word == 4 && (d > 7 || s > 7))) return {};
    Bytes out;
    if (word == 8) out.push_back(static_cast<uint8_t>(0x48 | (s >= 8 ? 4 : 0) | (d >= 8 ? 1 : 0)));
    out.push_back(0x89);
    out.push_back(static_cast<uint8_t>(0xc0 | (s & 7) << 3 | (d & 7)));
    return pad(out, size);
  }

  Bytes with_displacement(const cs_insn& load, int64_t disp, bool) const override {
    const cs_x86& x = load.detail->x86;
    Bytes b(load.bytes, load.bytes + load.size);
    const unsigned at = x.encoding.disp_offset, n = x.encoding.disp_size;
    if (at != 0 && (n == 1 || n == 4)) {
      if (n == 1 && (disp < -128 || disp > 127)) return {};
      for (unsigned i = 0; i < n; i++) b[at + i] = static_cast<uint8_t>(disp >> (8 * i));
      return b;
    }
    // No displacement (REX.W 8b /r, mod 00, base neither SP nor BP): trade the REX.W for
    // a disp8.
    if (b.size() != 3 || b[0] != 0x48 || b[1] != 0x8b || disp < -128 || disp > 127) return {};
    const uint8_t modrm = b[2];
    if ((modrm >> 6) != 0 || (modrm & 7) == 4 || (modrm & 7) == 5) return {};
    return {0x8b, static_cast<uint8_t>(modrm | 0x40), static_cast<uint8_t>(disp)};
  }

  Bytes call_through_memory(std::string_view base, int64_t disp, unsigned size,
                            unsigned word) const override {
    const int r = number_of(base);
    if (r < 0 || (r & 7) == 4 || disp < -128 || disp > 127 || (word == 4 && r > 7)) return {};
    Bytes out;
    if (r >= 8) out.push_back(0x41);
    out.push_back(0xff);  // call r/m: /2, mod 01 (disp8)
    out.push_back(static_cast<uint8_t>(0x50 | (r & 7)));
    out.push_back(static_cast<uint8_t>(disp));
    return pad(out, size);
  }

 private:
  Bytes pad(Bytes b, unsigned size) const {
    if (b.size() > size) return {};
    const Bytes rest = nop(size - static_cast<unsigned>(b.size()), false);
    b.insert(b.end(), rest.begin(), rest.end());
    return b;
  }
};

}  // namespace

const Encoder& encoder_x86() {
  static const EncoderX86 e;
  return e;
}

}  // namespace fvemu
