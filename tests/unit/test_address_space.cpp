// AddressSpace on a real Unicorn engine: areas split and merge like the kernel's
// VMAs, reservations cost nothing until made accessible, mmap placement is top-down.
#include <gtest/gtest.h>

#include <sys/mman.h>

#include "emu/address_space.h"

namespace fvemu {
namespace {

class AddressSpaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(uc_open(UC_ARCH_X86, UC_MODE_64, &uc_), UC_ERR_OK);
    mem_ = std::make_unique<AddressSpace>(uc_, 0x7ffffffff000, 0x7f0000000000);
  }
  void TearDown() override {
    uc_close(uc_);  // first: see ~AddressSpace
    mem_.reset();
  }
  // Number of Unicorn regions (backed memory).
  uint32_t unicorn_regions() {
    uc_mem_region* regions;
    uint32_t count = 0;
    uc_mem_regions(uc_, &regions, &count);
    uc_free(regions);
    return count;
  }
  uc_engine* uc_ = nullptr;
  std::unique_ptr<AddressSpace> mem_;
};

TEST_F(AddressSpaceTest, MapReadWrite) {
  ASSERT_TRUE(mem_->map_fixed(0x10000, 0x3000, PROT_READ | PROT_WRITE, "a"));
  EXPECT_TRUE(mem_->write_word(0x10ff8, 0x1122334455667788, 8));
  EXPECT_EQ(mem_->read_word(0x10ff8, 8), 0x1122334455667788u);
  EXPECT_EQ(mem_->read_word(0x10ff8, 4), 0x55667788u);
  EXPECT_FALSE(mem_->read_word(0x13000, 4).has_value());
  const char s[] = "hello";
  mem_->write(0x12ffa, s, sizeof s);  // string crossing into the next page
  EXPECT_EQ(mem_->read_cstring(0x12ffa), "hello");
}

TEST_F(AddressSpaceTest, PartialUnmapAndProtectSplitAreas) {
  ASSERT_TRUE(mem_->map_fixed(0x10000, 0x4000, PROT_READ | PROT_WRITE, "a"));
  mem_->unmap(0x11000, 0x1000);
  EXPECT_TRUE(mem_->is_mapped(0x10000, 0x1000));
  EXPECT_FALSE(mem_->is_mapped(0x10000, 0x2000));
  EXPECT_TRUE(mem_->is_free(0x11000, 0x1000));
  EXPECT_TRUE(mem_->protect(0x12000, 0x1000, PROT_READ));
  EXPECT_EQ(mem_->find(0x12000)->prot, PROT_READ);
  EXPECT_EQ(mem_->find(0x13000)->prot, PROT_READ | PROT_WRITE);
  EXPECT_FALSE(mem_->protect(0x10000, 0x4000, PROT_READ));  // hole at 0x11000: ENOMEM
  EXPECT_EQ(mem_->areas().size(), 3u);
}

TEST_F(AddressSpaceTest, ReservationsAreNotBackedUntilAccessible) {
  const uint64_t big = 1ull << 30;  // 1 GiB PROT_NONE, as Go reserves
  const uint32_t before = unicorn_regions();
  ASSERT_TRUE(mem_->map_fixed(0x100000000, big, PROT_NONE, "reserve"));
  EXPECT_EQ(unicorn_regions(), before);
  EXPECT_FALSE(mem_->read_word(0x100000000, 4).has_value());
  ASSERT_TRUE(mem_->protect(0x100000000 + 0x10000, 0x2000, PROT_READ | PROT_WRITE));
  EXPECT_EQ(unicorn_regions(), before + 1);
  EXPECT_EQ(mem_->read_word(0x100010000, 8), 0u);  // zero-filled
  EXPECT_FALSE(mem_->is_free(0x100000000, 0x1000));
}

TEST_F(AddressSpaceTest, FindFreeIsTopDownAndHonoursHints) {
  auto a = mem_->find_free(0x2000);
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, 0x7f0000000000 - 0x2000);
  mem_->map_fixed(*a, 0x2000, PROT_READ, "x");
  auto b = mem_->find_free(0x1000);
  EXPECT_EQ(*b, *a - 0x1000);
  EXPECT_EQ(mem_->find_free(0x1000, 0x20000000), 0x20000000u);  // free hint is used
  EXPECT_EQ(*mem_->find_free(0x1000, *a), *b);                  // taken hint is not
}

TEST_F(AddressSpaceTest, MapFixedReplacesAndRespectsTaskSize) {
  mem_->map_fixed(0x10000, 0x2000, PROT_READ | PROT_WRITE, "a");
  mem_->write_word(0x10000, 42, 8);
  mem_->map_fixed(0x10000, 0x1000, PROT_READ | PROT_WRITE, "b");
  EXPECT_EQ(mem_->read_word(0x10000, 8), 0u);  // fresh memory
  EXPECT_EQ(mem_->find(0x11000)->name, "a");
  EXPECT_FALSE(mem_->map_fixed(0x7ffffffff000, 0x1000, PROT_READ, "beyond"));
}

}  // namespace
}  // namespace fvemu
