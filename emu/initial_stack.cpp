#include "emu/initial_stack.h"

#include <cstring>

namespace fvemu {
namespace {

// Grows downwards from `top` into a buffer addressed by guest addresses.
class DownwardWriter {
 public:
  explicit DownwardWriter(uint64_t top) : top_(top), cursor_(top) {}
  uint64_t push_bytes(const void* data, size_t len) {
    cursor_ -= len;
    put(cursor_, data, len);
    return cursor_;
  }
  uint64_t push_string(const std::string& s) { return push_bytes(s.c_str(), s.size() + 1); }
  void align_down(uint64_t to) { cursor_ &= ~(to - 1); }
  uint64_t cursor() const { return cursor_; }
  void set_cursor(uint64_t c) { cursor_ = c; }
  void put_word(uint64_t at, uint64_t value, unsigned size) { put(at, &value, size); }
  std::vector<uint8_t> take_from(uint64_t sp) {
    grow(sp);
    return std::vector<uint8_t>(buf_.end() - static_cast<long>(top_ - sp), buf_.end());
  }

 private:
  void grow(uint64_t lowest) {
    const size_t need = top_ - lowest;
    if (buf_.size() < need) buf_.insert(buf_.begin(), need - buf_.size(), 0);
  }
  void put(uint64_t at, const void* data, size_t len) {
    grow(at);
    std::memcpy(buf_.data() + (buf_.size() - (top_ - at)), data, len);
  }
  uint64_t top_;
  uint64_t cursor_;
  std::vector<uint8_t> buf_;  // buf_.back() is the byte at top_-1
};

}  // namespace

InitialStack build_initial_stack(const InitialStackSpec& spec, unsigned word_size, uint64_t top) {
  DownwardWriter w(top);
  const uint64_t zero = 0;
  w.push_bytes(&zero, word_size);  // end marker
  const uint64_t execfn = w.push_string(spec.execfn);
  // copy_strings() puts envp above argv, each array in order from low to high.
  std::vector<uint64_t> env_ptrs(spec.envp.size()), arg_ptrs(spec.argv.size());
  for (size_t i = spec.envp.size(); i-- > 0;) env_ptrs[i] = w.push_string(spec.envp[i]);
  for (size_t i = spec.argv.size(); i-- > 0;) arg_ptrs[i] = w.push_string(spec.argv[i]);
  const uint64_t platform = w.push_string(spec.platform);
  const uint64_t random = w.push_bytes(spec.random.data(), spec.random.size());
  w.align_down(16);

  std::vector<std::pair<uint64_t, uint64_t>> auxv = spec.auxv;
  auxv.emplace_back(kAtPlatform, platform);
  auxv.emplace_back(kAtRandom, random);
  auxv.emplace_back(kAtExecfn, execfn);
  auxv.emplace_back(kAtNull, 0);

  const size_t words = 1 + arg_ptrs.size() + 1 + env_ptrs.size() + 1 + 2 * auxv.size();
  const uint64_t sp = (w.cursor() - words * word_size) & ~uint64_t{15};
  uint64_t at = sp;
  auto put = [&](uint64_t v) {
    w.put_word(at, v, word_size);
    at += word_size;
  };
  put(arg_ptrs.size());
  for (uint64_t p : arg_ptrs) put(p);
  put(0);
  for (uint64_t p : env_ptrs) put(p);
  put(0);
  for (const auto& [type, value] : auxv) {
    put(type);
    put(value);
  }
  return InitialStack{sp, w.take_from(sp)};
}

}  // namespace fvemu
