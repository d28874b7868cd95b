// 32-bit ARM and Thumb (ARM ARM, DDI 0406C, A8.8): `mov r0, r0` and Thumb's `mov r8,
// r8` as no-operations (they exist on every ARMv5 and later core, unlike the v6K
// hint), MOV (register) for copies, and LDR (immediate) with another offset: A1's
// imm12 and U bit, Thumb's T1 (imm5 x 4), T2 (SP, imm8 x 4) and T3 (imm12). A call
// never reads memory on ARM: no call through memory.
#include <string>
#include <string_view>

#include "emu/arch/arch.h"
#include "harness/mutate/encoder.h"

namespace fvemu {
namespace {

int number_of(std::string_view reg) {
  if (reg == "SP") return 13;
  if (reg == "LR") return 14;
  if (reg == "PC") return 15;
  if (reg.size() < 2 || reg[0] != 'R') return -1;
  const int n = std::stoi(std::string(reg.substr(1)));
  return n >= 0 && n <= 12 ? n : -1;
}

uint32_t word_at(const uint8_t* b) { return b[0] | b[1] << 8 | b[2] << 16 | uint32_t{b[3]} << 24; }
uint16_t half_at(const uint8_t* b) { return static_cast<uint16_t>(b[0] | b[1] << 8); }
void put_word(Bytes& out, uint32_t w) {
  for (int i = 0; i < 4; i++) out.push_back(static_cast<uint8_t>(w >> (8 * i)));
}
void put_half(Bytes& out, uint16_t h) {
  out.push_back(static_cast<uint8_t>(h));
  out.push_back(static_cast<uint8_t>(h >> 8));
}

class EncoderArm final : public Encoder {
 public:
  cs_arch capstone_arch() const override { return CS_ARCH_ARM; }

  Bytes nop(unsigned size, bool thumb) const override {
    Bytes out;
    if (size % (thumb ? 2 : 4) != 0) return out;
    for (unsigned i = 0; i < size; i += thumb ? 2 : 4) {
      if (thumb) put_half(out, 0x46c0);  // mov r8, r8
      else put_word(out, 0xe1a00000);    // mov r0, r0
    }
    return out;
  }

  Bytes copy(const cs_insn& like, std::string_view dst, std::string_view src, unsigned size,
             bool thumb, unsigned) const override {
    const int d = number_of(dst), s = number_of(src);
    if (d < 0 || s < 0 || d == 15) return {};
    Bytes out;
    if (thumb) {
      put_half(out, static_cast<uint16_t>(0x4600 | (d & 8) << 4 | s << 3 | (d & 7)));
    } else {
      const uint32_t cond = word_at(like.bytes) & 0xf0000000u;
      put_word(out, cond | 0x01a00000u | static_cast<uint32_t>(d) << 12 | static_cast<uint32_t>(s));
    }
    if (out.size() > size) return {};
    const Bytes rest = nop(size - static_cast<unsigned>(out.size()), thumb);
    if (rest.size() != size - out.size()) return {};
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
  }

  Bytes with_displacement(const cs_insn& load, int64_t disp, bool thumb) const override {
    Bytes out;
    if (!thumb) {
      uint32_t w = word_at(load.bytes);
      // LDR (immediate) A1: cond 010P U0W1 Rn Rt imm12
      if ((w & 0x0e500000u) != 0x04100000u || disp <= -4096 || disp >= 4096) return {};
      w = (w & ~0x00800fffu) | (disp >= 0 ? 0x00800000u : 0) |
          static_cast<uint32_t>(disp >= 0 ? disp : -disp);
      put_word(out, w);
      return out;
    }
    if (disp < 0) return {};
    if (load.size == 2) {
      if (disp % 4 != 0) return {};
      uint16_t h = half_at(load.bytes);
      if ((h & 0xf800) == 0x6800 && disp <= 124)  // T1: 01101 imm5 Rn Rt
        h = static_cast<uint16_t>((h & ~0x07c0) | (disp / 4) << 6);
      else if ((h & 0xf800) == 0x9800 && disp <= 1020)  // T2: 10011 Rt imm8 (SP)
        h = static_cast<uint16_t>((h & ~0x00ff) | disp / 4);
      else
        return {};
      put_half(out, h);
      return out;
    }
    const uint16_t hw1 = half_at(load.bytes), hw2 = half_at(load.bytes + 2);
    if ((hw1 & 0xfff0) != 0xf8d0 || disp >= 4096) return {};  // T3: f8d0|Rn, Rt imm12
    put_half(out, hw1);
    put_half(out, static_cast<uint16_t>((hw2 & 0xf000) | disp));
    return out;
  }

  Bytes call_through_memory(std::string_view, int64_t, unsigned, unsigned) const override {
    return {};
  }
};

}  // namespace

const Encoder& encoder_arm() {
  static const EncoderArm e;
  return e;
}

}  // namespace fvemu
