// Which guest thread runs, deterministically. Threads take turns in tid order, each
// for a quantum of instructions; a thread that blocks (futex, sleep) waits on the
// virtual clock; when every live thread is blocked the clock jumps to the earliest
// deadline. No host time, no host threads: the same program gives the same schedule.
// Pure bookkeeping: the Machine moves registers in and out of Unicorn.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "emu/thread.h"

namespace fvemu {

class Scheduler {
 public:
  Thread& create(int tid);
  Thread* find(int tid);
  const std::map<int, std::unique_ptr<Thread>>& threads() const { return threads_; }
  size_t live() const;

  // The thread to run next after `after` (round robin by tid), waking every thread
  // whose wait is satisfied or whose deadline is <= now. If all live threads are
  // blocked, advances `now` to the earliest deadline first, `alarm` included (a timer
  // outside the scheduler). Null: nothing can run (until the alarm's signal, if any).
  Thread* pick(const Thread* after, uint64_t& now, std::optional<uint64_t> alarm = std::nullopt);
  bool any_runnable() const;

  void block(Thread& t, Thread::Wait wait);
  void wake(Thread& t, int64_t result);
  void exit(Thread& t);
  // Forgets an exited thread (its tid then answers ESRCH); `t` dies with it.
  void reap(Thread& t);
  // Wakes up to `count` waiters on `addr` whose bitset intersects `bitset`, oldest
  // first (kernel/futex: FIFO per hash bucket). Returns how many it woke.
  int futex_wake(uint64_t addr, int count, uint32_t bitset);
  // Moves up to `count` waiters from `from` to wait on `to` (FUTEX_REQUEUE).
  int futex_requeue(uint64_t from, uint64_t to, int count);

 private:
  void wake_expired(uint64_t now);
  void wake_ready();

  std::map<int, std::unique_ptr<Thread>> threads_;
  std::deque<Thread*> futex_waiters_;  // in the order they started waiting
};

}  // namespace fvemu
