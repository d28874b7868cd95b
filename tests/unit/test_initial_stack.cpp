// The initial stack is what Linux builds: argc, argv, envp and auxv in order, strings
// above them, AT_RANDOM/AT_EXECFN/AT_PLATFORM pointing at their data, 16-byte aligned.
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "emu/initial_stack.h"

namespace fvemu {
namespace {

struct Parsed {
  uint64_t argc;
  std::vector<std::string> argv, envp;
  std::map<uint64_t, uint64_t> auxv;
  std::vector<uint64_t> aux_order;
};

class StackReader {
 public:
  StackReader(const InitialStack& s, uint64_t top, unsigned word)
      : s_(s), top_(top), word_(word) {}
  uint64_t word_at(uint64_t addr) const {
    EXPECT_GE(addr, s_.sp);
    EXPECT_LE(addr + word_, top_);
    uint64_t v = 0;
    std::memcpy(&v, s_.bytes.data() + (addr - s_.sp), word_);
    return v;
  }
  std::string string_at(uint64_t addr) const {
    EXPECT_GE(addr, s_.sp);
    EXPECT_LT(addr, top_);
    return reinterpret_cast<const char*>(s_.bytes.data() + (addr - s_.sp));
  }
  Parsed parse() const {
    Parsed p;
    uint64_t at = s_.sp;
    p.argc = word_at(at);
    at += word_;
    for (uint64_t i = 0; i < p.argc; i++, at += word_) p.argv.push_back(string_at(word_at(at)));
    EXPECT_EQ(word_at(at), 0u);
    at += word_;
    for (; word_at(at) != 0; at += word_) p.envp.push_back(string_at(word_at(at)));
    at += word_;
    for (;; at += 2 * word_) {
      const uint64_t type = word_at(at);
      p.aux_order.push_back(type);
      if (type == kAtNull) break;
      p.auxv[type] = word_at(at + word_);
    }
    return p;
  }

 private:
  const InitialStack& s_;
  uint64_t top_;
  unsigned word_;
};

InitialStackSpec sample_spec() {
  InitialStackSpec spec;
  spec.argv = {"/bin/prog", "one", "two words", ""};
  spec.envp = {"A=1", "LONG=" + std::string(300, 'x')};
  spec.execfn = "/bin/prog";
  spec.platform = "x86_64";
  for (int i = 0; i < 16; i++) spec.random[i] = static_cast<uint8_t>(i * 7 + 1);
  spec.auxv = {{kAtPagesz, 4096}, {kAtEntry, 0x401000}, {kAtUid, 1000}};
  return spec;
}

class InitialStackTest : public ::testing::TestWithParam<unsigned> {};

TEST_P(InitialStackTest, LaysOutArgvEnvAuxv) {
  const unsigned word = GetParam();
  const uint64_t top = word == 8 ? 0x7ffffffff000 : 0xc0000000;
  const InitialStackSpec spec = sample_spec();
  const InitialStack s = build_initial_stack(spec, word, top);
  EXPECT_EQ(s.sp % 16, 0u);
  EXPECT_EQ(s.sp + s.bytes.size(), top);

  StackReader r(s, top, word);
  const Parsed p = r.parse();
  EXPECT_EQ(p.argc, 4u);
  EXPECT_EQ(p.argv, spec.argv);
  EXPECT_EQ(p.envp, spec.envp);
  EXPECT_EQ(p.auxv.at(kAtPagesz), 4096u);
  EXPECT_EQ(p.auxv.at(kAtEntry), 0x401000u);
  EXPECT_EQ(p.auxv.at(kAtUid), 1000u);
  EXPECT_EQ(r.string_at(p.auxv.at(kAtExecfn)), "/bin/prog");
  EXPECT_EQ(r.string_at(p.auxv.at(kAtPlatform)), "x86_64");
  const uint64_t random = p.auxv.at(kAtRandom);
  EXPECT_EQ(std::memcmp(s.bytes.data() + (random - s.sp), spec.random.data(), 16), 0);
  EXPECT_EQ(p.aux_order.back(), kAtNull);
  // Strings sit above the vectors, the exec filename highest, below one zero word.
  EXPECT_GT(p.auxv.at(kAtExecfn), random);
  EXPECT_EQ(r.word_at(top - word), 0u);
}

TEST_P(InitialStackTest, EmptyEnvironment) {
  const unsigned word = GetParam();
  InitialStackSpec spec = sample_spec();
  spec.envp.clear();
  const InitialStack s = build_initial_stack(spec, word, 0xc0000000);
  EXPECT_TRUE(StackReader(s, 0xc0000000, word).parse().envp.empty());
}

INSTANTIATE_TEST_SUITE_P(WordSizes, InitialStackTest, ::testing::Values(4u, 8u));

}  // namespace
}  // namespace fvemu
