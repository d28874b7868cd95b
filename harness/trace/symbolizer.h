// Names for guest addresses in traces: function symbols ("main.apply+0x1c"), data
// symbols (Go's static func values), and file:line from DWARF. Each address is looked
// up once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>

#include "emu/elf/image_view.h"
#include "harness/trace/source_lines.h"

namespace fvemu {

class Symbolizer {
 public:
  // `image` is `path`'s, as loaded (its load bias applies).
  Symbolizer(ImageView image, const std::string& path);
  const std::string& code(uint64_t addr);  // "" when no function symbol covers it
  const std::string& data(uint64_t addr);  // "" when no data symbol covers it
  const std::optional<SourceLines::Location>& line(uint64_t addr);

 private:
  ImageView image_;
  SourceLines lines_;
  std::unordered_map<uint64_t, std::string> code_, data_;
  std::unordered_map<uint64_t, std::optional<SourceLines::Location>> line_;
};

// `pattern` as an ECMAScript regex for symbols; a bad one is a RunError (usage) naming
// "COMMAND: OPTION PATTERN".
std::regex symbol_regex(const std::string& pattern, const std::string& command,
                        const std::string& option);

// Whether a call's site or callee has a function symbol the regex finds; each
// address is matched once (the same sites run millions of times).
class SymbolMatcher {
 public:
  explicit SymbolMatcher(std::regex symbols) : symbols_(std::move(symbols)) {}
  bool matches(uint64_t site, uint64_t target, Symbolizer& names) {
    return matches(site, names) || matches(target, names);
  }

 private:
  bool matches(uint64_t addr, Symbolizer& names);
  std::regex symbols_;
  std::unordered_map<uint64_t, bool> matched_;
};

}  // namespace fvemu
