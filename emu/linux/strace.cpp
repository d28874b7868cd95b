#include "emu/linux/strace.h"

#include <cstring>

#include <fmt/format.h>

#include "emu/address_space.h"
#include "emu/arch/arch.h"

namespace fvemu {
namespace {

int64_t as_signed(uint64_t v, unsigned word) {
  return word == 4 ? static_cast<int32_t>(v) : static_cast<int64_t>(v);
}

constexpr size_t kShown = 64;  // like strace -s 64

std::string escaped(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < kShown; i++) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') out += "\\n";
    else if (c == '"' || c == '\\') out += fmt::format("\\{}", static_cast<char>(c));
    else if (c < 32 || c >= 127) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  out += s.size() > kShown ? "\"..." : "\"";
  return out;
}

std::string quoted(const AddressSpace& mem, uint64_t addr) {
  if (addr == 0) return "NULL";
  auto s = mem.read_cstring(addr, 4096);
  return s ? escaped(*s) : fmt::format("{:#x}", addr);
}

// A buffer whose length is the next argument (write, read after the call).
std::string buffer(const AddressSpace& mem, uint64_t addr, uint64_t len) {
  std::string s(std::min<uint64_t>(len, kShown + 1), '\0');
  if (addr == 0 || !mem.read(addr, s.data(), s.size())) return fmt::format("{:#x}", addr);
  return escaped(s);
}

std::string format_arg(char kind, uint64_t v, uint64_t next,
                       const AddressSpace& mem) {
  switch (kind) {
    case 'b': return buffer(mem, v, next);
    case 'd': case 'f': return fmt::format("{}", static_cast<int32_t>(v));  // C int: 32-bit everywhere
    case 'u': return fmt::format("{}", v);
    case 'o': return fmt::format("{:#o}", v);
    case 's': return quoted(mem, v);
    case 'p': return v ? fmt::format("{:#x}", v) : "NULL";
    default: return fmt::format("{:#x}", v);
  }
}

}  // namespace

std::string format_syscall(const SyscallContext& ctx, const SyscallHandlerDef* handler,
                           std::optional<int64_t> result, const AddressSpace& mem) {
  const unsigned word = ctx.arch.word_size();
  std::string out = ctx.name ? ctx.name : fmt::format("syscall_{:#x}", ctx.number);
  out += '(';
  const char* kinds = handler ? handler->args : "xxxxxx";
  for (size_t i = 0; kinds[i] && i < 6; i++) {
    if (i) out += ", ";
    out += format_arg(kinds[i], ctx.arg[i], i < 5 ? ctx.arg[i + 1] : 0, mem);
  }
  out += ')';
  if (!result) return out;  // blocked: the result comes later
  const int64_t r = as_signed(static_cast<uint64_t>(*result), word);
  const uint64_t mask = word == 4 ? 0xffffffffull : ~0ull;
  if (r < 0 && r >= -4095)
    out += fmt::format(" = -1 {} ({})", strerrorname_np(static_cast<int>(-r)) ?: "E?",
                       std::strerror(static_cast<int>(-r)));
  else if (r > 0xffff || r < -4095)  // addresses and other large values: unsigned hex
    out += fmt::format(" = {:#x}", static_cast<uint64_t>(*result) & mask);
  else
    out += fmt::format(" = {}", r);
  if (!handler) out += " (unsupported)";
  return out;
}

}  // namespace fvemu
