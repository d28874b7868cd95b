// Addresses and bytes as the harness's reports and traces spell them: "0x401000",
// "4889c3" — and read back (check/replay.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fvemu {

std::string hex(uint64_t v);  // "0x401000"; "0x0"
std::string hex_bytes(const std::vector<uint8_t>& bytes);  // "4889c3"
// The inverses; nullopt for anything else.
std::optional<uint64_t> parse_hex(std::string_view text);
std::optional<std::vector<uint8_t>> parse_hex_bytes(std::string_view text);

}  // namespace fvemu
