// The Scheduler's decisions: round robin by tid, futex queues in FIFO order with
// bitsets and requeue, deadlines on the virtual clock (which jumps when everyone
// sleeps), readiness checks, and deadlock detection.
#include <gtest/gtest.h>

#include <cerrno>

#include "emu/scheduler.h"

namespace fvemu {
namespace {

Thread::Wait futex_wait(uint64_t addr, uint32_t bitset = ~0u) {
  Thread::Wait w;
  w.futex_addr = addr;
  w.bitset = bitset;
  w.result_at_deadline = -ETIMEDOUT;
  return w;
}

Thread::Wait sleep_until(uint64_t deadline) {
  Thread::Wait w;
  w.deadline = deadline;
  return w;
}

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int tid : {100, 101, 102}) sched.create(tid);
  }
  Thread& t(int tid) { return *sched.find(tid); }
  int pick_after(int tid) {
    Thread* next = sched.pick(sched.find(tid), now);
    return next ? next->tid : -1;
  }
  Scheduler sched;
  uint64_t now = 1000;
};

TEST_F(SchedulerTest, RoundRobinByTid) {
  EXPECT_EQ(pick_after(100), 101);
  EXPECT_EQ(pick_after(101), 102);
  EXPECT_EQ(pick_after(102), 100);
  sched.block(t(101), futex_wait(0x40));
  EXPECT_EQ(pick_after(100), 102);
  EXPECT_EQ(sched.live(), 3u);
  sched.exit(t(102));
  EXPECT_EQ(pick_after(100), 100);  // alone: it keeps the CPU
  EXPECT_EQ(sched.live(), 2u);
  EXPECT_EQ(sched.find(102), nullptr);
}

TEST_F(SchedulerTest, FutexWakeIsFifoAndHonoursBitsets) {
  sched.block(t(102), futex_wait(0x40, 0x1));
  sched.block(t(100), futex_wait(0x40, 0x2));
  sched.block(t(101), futex_wait(0x80));
  EXPECT_EQ(sched.futex_wake(0x40, 1, 0x2), 1);  // only 100's bitset matches
  EXPECT_EQ(t(100).state, Thread::State::kRunnable);
  EXPECT_EQ(t(100).pending_result, 0);
  EXPECT_EQ(t(102).state, Thread::State::kBlocked);
  EXPECT_EQ(sched.futex_wake(0x40, 5, ~0u), 1);
  EXPECT_EQ(sched.futex_wake(0x40, 5, ~0u), 0);
  EXPECT_EQ(t(101).state, Thread::State::kBlocked);
}

TEST_F(SchedulerTest, OldestWaiterWakesFirst) {
  sched.block(t(102), futex_wait(0x40));
  sched.block(t(100), futex_wait(0x40));
  EXPECT_EQ(sched.futex_wake(0x40, 1, ~0u), 1);
  EXPECT_EQ(t(102).state, Thread::State::kRunnable);
  EXPECT_EQ(t(100).state, Thread::State::kBlocked);
}

TEST_F(SchedulerTest, RequeueMovesWaiters) {
  sched.block(t(100), futex_wait(0x40));
  sched.block(t(101), futex_wait(0x40));
  EXPECT_EQ(sched.futex_requeue(0x40, 0x80, 1), 1);
  EXPECT_EQ(sched.futex_wake(0x40, 5, ~0u), 1);  // 101 stayed
  EXPECT_EQ(t(101).state, Thread::State::kRunnable);
  EXPECT_EQ(sched.futex_wake(0x80, 5, ~0u), 1);  // 100 moved
  EXPECT_EQ(t(100).state, Thread::State::kRunnable);
}

TEST_F(SchedulerTest, ClockJumpsToEarliestDeadlineWhenAllSleep) {
  sched.block(t(100), sleep_until(5000));
  Thread::Wait timed = futex_wait(0x40);
  timed.deadline = 3000;
  sched.block(t(101), timed);
  sched.block(t(102), futex_wait(0x80));
  EXPECT_EQ(pick_after(102), 101);
  EXPECT_EQ(now, 3000u);
  EXPECT_EQ(t(101).pending_result, -ETIMEDOUT);
  EXPECT_EQ(t(100).state, Thread::State::kBlocked);
  sched.block(t(101), futex_wait(0x40));
  EXPECT_EQ(pick_after(101), 100);
  EXPECT_EQ(now, 5000u);
  EXPECT_EQ(t(100).pending_result, 0);
}

TEST_F(SchedulerTest, DeadlockWhenNobodyCanEverRun) {
  for (int tid : {100, 101, 102}) sched.block(t(tid), futex_wait(0x40));
  EXPECT_EQ(pick_after(100), -1);
  EXPECT_EQ(now, 1000u);
}

TEST_F(SchedulerTest, ReadinessChecksCompleteWaits) {
  bool ready = false;
  Thread::Wait w;
  w.ready = [&ready]() -> std::optional<int64_t> {
    return ready ? std::optional<int64_t>(7) : std::nullopt;
  };
  sched.block(t(101), w);
  sched.block(t(102), futex_wait(0x40));
  sched.block(t(100), futex_wait(0x40));
  EXPECT_EQ(pick_after(100), -1);
  ready = true;
  EXPECT_EQ(pick_after(100), 101);
  EXPECT_EQ(t(101).pending_result, 7);
}

}  // namespace
}  // namespace fvemu
