#include "harness/hex.h"

#include <charconv>

#include <fmt/format.h>

namespace fvemu {

std::string hex(uint64_t v) { return fmt::format("{:#x}", v); }

std::string hex_bytes(const std::vector<uint8_t>& bytes) {
  std::string s;
  for (uint8_t b : bytes) s += fmt::format("{:02x}", b);
  return s;
}

std::optional<uint64_t> parse_hex(std::string_view text) {
  if (text.size() < 3 || text.substr(0, 2) != "0x") return std::nullopt;
  uint64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data() + 2, end, v, 16);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

std::optional<std::vector<uint8_t>> parse_hex_bytes(std::string_view text) {
  if (text.size() % 2) return std::nullopt;
  std::vector<uint8_t> bytes(text.size() / 2);
  for (size_t i = 0; i < bytes.size(); i++) {
    auto [ptr, ec] = std::from_chars(text.data() + 2 * i, text.data() + 2 * i + 2, bytes[i], 16);
    if (ec != std::errc() || ptr != text.data() + 2 * i + 2) return std::nullopt;
  }
  return bytes;
}

}  // namespace fvemu
