#include "harness/trace/symbolizer.h"

#include <fmt/format.h>

#include "emu/guest_error.h"

namespace fvemu {

Symbolizer::Symbolizer(ImageView image, const std::string& path) : image_(image), lines_(path) {}

const std::string& Symbolizer::code(uint64_t addr) {
  auto [it, fresh] = code_.try_emplace(addr);
  if (fresh && addr >= image_.bias()) it->second = image_.image().symbols.describe(addr - image_.bias());
  return it->second;
}

const std::string& Symbolizer::data(uint64_t addr) {
  auto [it, fresh] = data_.try_emplace(addr);
  if (fresh && addr >= image_.bias())
    it->second = image_.image().data_symbols.describe(addr - image_.bias());
  return it->second;
}

const std::optional<SourceLines::Location>& Symbolizer::line(uint64_t addr) {
  auto [it, fresh] = line_.try_emplace(addr);
  if (fresh && addr >= image_.bias()) it->second = lines_.lookup(addr - image_.bias());
  return it->second;
}

std::regex symbol_regex(const std::string& pattern, const std::string& command,
                        const std::string& option) {
  try {
    return std::regex(pattern, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& e) {
    throw RunError(kExitCannotRun, fmt::format("{}: {} {}: {}", command, option, pattern, e.what()));
  }
}

bool SymbolMatcher::matches(uint64_t addr, Symbolizer& names) {
  auto [it, fresh] = matched_.try_emplace(addr, false);
  if (fresh) it->second = std::regex_search(names.code(addr), symbols_);
  return it->second;
}

}  // namespace fvemu
