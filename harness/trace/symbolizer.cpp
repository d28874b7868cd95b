#include "harness/trace/symbolizer.h"

#include "emu/machine.h"

namespace fvemu {

Symbolizer::Symbolizer(const Machine& m, const std::string& path) : m_(m), lines_(path) {}

const std::string& Symbolizer::code(uint64_t addr) {
  auto [it, fresh] = code_.try_emplace(addr);
  if (fresh) it->second = m_.describe(addr);
  return it->second;
}

const std::string& Symbolizer::data(uint64_t addr) {
  auto [it, fresh] = data_.try_emplace(addr);
  if (fresh && addr >= m_.load_bias())
    it->second = m_.image().data_symbols.describe(addr - m_.load_bias());
  return it->second;
}

const std::optional<SourceLines::Location>& Symbolizer::line(uint64_t addr) {
  auto [it, fresh] = line_.try_emplace(addr);
  if (fresh && addr >= m_.load_bias()) it->second = lines_.lookup(addr - m_.load_bias());
  return it->second;
}

}  // namespace fvemu
