// BlockCounter on a real Unicorn engine and real Capstone: instruction counts per
// block, and what happens when the code under a cached block changes.
#include <gtest/gtest.h>

#include <unicorn/unicorn.h>

#include <cstdint>
#include <vector>

#include "emu/arch/arch.h"
#include "emu/block_counter.h"

namespace fvemu {
namespace {

constexpr uint64_t kCode = 0x10000;
// Two x86-64 functions of 9 bytes each, so a block at kCode has the same size either way:
// mov eax, 1; nop; nop; nop; ret (5 instructions) and eight nops; ret (9).
const std::vector<uint8_t> kFive = {0xb8, 0x01, 0x00, 0x00, 0x00, 0x90, 0x90, 0x90, 0xc3};
const std::vector<uint8_t> kNine = {0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0xc3};

class BlockCounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(uc_open(UC_ARCH_X86, UC_MODE_64, &uc_), UC_ERR_OK);
    ASSERT_EQ(uc_mem_map(uc_, kCode, 0x1000, UC_PROT_ALL), UC_ERR_OK);
  }
  void TearDown() override { uc_close(uc_); }
  void put(const std::vector<uint8_t>& code) {
    ASSERT_EQ(uc_mem_write(uc_, kCode, code.data(), code.size()), UC_ERR_OK);
  }
  uc_engine* uc_ = nullptr;
};

TEST_F(BlockCounterTest, CountsInstructionsOfTheBlock) {
  BlockCounter counter(arch_amd64(), [](uint64_t, uint64_t) { return false; });
  put(kFive);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, 5u);
  EXPECT_EQ(counter.count(uc_, kCode, 5).insns, 1u);  // a shorter block at the same address
}

TEST_F(BlockCounterTest, ReadOnlyCodeIsCachedUntilInvalidated) {
  BlockCounter counter(arch_amd64(), [](uint64_t, uint64_t) { return false; });
  put(kFive);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, 5u);
  put(kNine);  // only mmap/mprotect/cacheflush can do this to read-only code ...
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, 5u);
  // ... and they invalidate what they touch, here and in Unicorn (Machine::invalidate_code)
  counter.invalidate(kCode + 8, kCode + 9);
  ASSERT_EQ(uc_ctl_remove_cache(uc_, kCode + 8, kCode + 9), UC_ERR_OK);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, 9u);
}

TEST_F(BlockCounterTest, ChangedWritableCodeIsStaleUntilInvalidated) {
  uint64_t asked_begin = 0, asked_end = 0;
  BlockCounter counter(arch_amd64(), [&](uint64_t begin, uint64_t end) {
    asked_begin = begin;
    asked_end = end;
    return true;
  });
  put(kFive);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, 5u);
  EXPECT_EQ(asked_begin, kCode);  // the whole block: its last byte may be on the next page
  EXPECT_EQ(asked_end, kCode + 9);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, 5u);
  put(kNine);  // a guest store over its own code: no syscall tells anyone
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, BlockCounter::kStale);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, BlockCounter::kStale);  // until the machine drops it
  counter.invalidate(kCode, kCode + 9);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, 9u);
  put(kFive);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, BlockCounter::kStale);
  counter.invalidate(kCode, kCode + 9);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, 5u);
  EXPECT_EQ(counter.count(uc_, kCode, 9).insns, 5u);
}

TEST_F(BlockCounterTest, ObservedIsAskedOncePerBlockAndForgottenWhenItChanges) {
  BlockCounter counter(arch_amd64(), [](uint64_t, uint64_t) { return false; });
  put(kFive);
  EXPECT_FALSE(counter.count(uc_, kCode, 9).observed);  // nobody asked to see any block
  int asked = 0;
  counter.set_observed([&](uint64_t addr, uint32_t size) {
    asked++;
    return addr == kCode && size == 9;
  });
  EXPECT_TRUE(counter.count(uc_, kCode, 9).observed);
  EXPECT_TRUE(counter.count(uc_, kCode, 9).observed);
  ASSERT_NE(counter.cached(kCode, 9), nullptr);  // what the block hook reads
  EXPECT_TRUE(counter.cached(kCode, 9)->observed);
  EXPECT_FALSE(counter.count(uc_, kCode, 5).observed);
  EXPECT_EQ(asked, 2);
  counter.set_observed([](uint64_t, uint32_t) { return false; });
  EXPECT_EQ(counter.cached(kCode, 9), nullptr);
  EXPECT_FALSE(counter.count(uc_, kCode, 9).observed);
}

}  // namespace
}  // namespace fvemu
