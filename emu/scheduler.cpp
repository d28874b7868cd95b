#include "emu/scheduler.h"

#include <algorithm>

namespace fvemu {

Thread& Scheduler::create(int tid) {
  auto t = std::make_unique<Thread>();
  t->tid = tid;
  Thread& ref = *t;
  threads_[tid] = std::move(t);
  return ref;
}

Thread* Scheduler::find(int tid) {
  auto it = threads_.find(tid);
  return it == threads_.end() || it->second->state == Thread::State::kExited ? nullptr
                                                                             : it->second.get();
}

size_t Scheduler::live() const {
  return static_cast<size_t>(std::count_if(threads_.begin(), threads_.end(), [](const auto& kv) {
    return kv.second->state != Thread::State::kExited;
  }));
}

void Scheduler::block(Thread& t, Thread::Wait wait) {
  t.state = Thread::State::kBlocked;
  t.wait = wait;
  if (wait.futex_addr) futex_waiters_.push_back(&t);
}

void Scheduler::wake(Thread& t, int64_t result) {
  if (t.state != Thread::State::kBlocked) return;
  t.state = Thread::State::kRunnable;
  t.pending_result = result;
  if (t.wait.futex_addr)
    futex_waiters_.erase(std::find(futex_waiters_.begin(), futex_waiters_.end(), &t));
  t.wait = {};
}

void Scheduler::exit(Thread& t) {
  if (t.state == Thread::State::kBlocked) wake(t, 0);
  t.state = Thread::State::kExited;
}

void Scheduler::reap(Thread& t) { threads_.erase(t.tid); }

int Scheduler::futex_wake(uint64_t addr, int count, uint32_t bitset) {
  int woken = 0;
  for (size_t i = 0; i < futex_waiters_.size() && woken < count;) {
    Thread* t = futex_waiters_[i];
    if (t->wait.futex_addr == addr && (t->wait.bitset & bitset)) {
      wake(*t, 0);  // removes it from futex_waiters_
      woken++;
    } else {
      i++;
    }
  }
  return woken;
}

int Scheduler::futex_requeue(uint64_t from, uint64_t to, int count) {
  int moved = 0;
  for (Thread* t : futex_waiters_)
    if (t->wait.futex_addr == from && moved < count) {
      t->wait.futex_addr = to;
      moved++;
    }
  return moved;
}

void Scheduler::wake_ready() {
  for (auto& [tid, t] : threads_)
    if (t->state == Thread::State::kBlocked && t->wait.ready)
      if (auto result = t->wait.ready()) wake(*t, *result);
}

void Scheduler::wake_expired(uint64_t now) {
  for (auto& [tid, t] : threads_)
    if (t->state == Thread::State::kBlocked && t->wait.deadline && *t->wait.deadline <= now)
      wake(*t, t->wait.result_at_deadline);
}

bool Scheduler::any_runnable() const {
  return std::any_of(threads_.begin(), threads_.end(), [](const auto& kv) {
    return kv.second->state == Thread::State::kRunnable;
  });
}

Thread* Scheduler::pick(const Thread* after, uint64_t& now, std::optional<uint64_t> alarm) {
  wake_ready();
  wake_expired(now);
  auto runnable_after = [&](int tid) -> Thread* {
    for (auto it = threads_.upper_bound(tid); it != threads_.end(); ++it)
      if (it->second->state == Thread::State::kRunnable) return it->second.get();
    for (auto it = threads_.begin(); it != threads_.end() && it->first <= tid; ++it)
      if (it->second->state == Thread::State::kRunnable) return it->second.get();
    return nullptr;
  };
  if (Thread* t = runnable_after(after ? after->tid : 0)) return t;
  // Everyone is blocked: jump the clock to the earliest deadline.
  std::optional<uint64_t> earliest = alarm;
  for (auto& [tid, t] : threads_)
    if (t->state == Thread::State::kBlocked && t->wait.deadline)
      earliest = earliest ? std::min(*earliest, *t->wait.deadline) : *t->wait.deadline;
  if (!earliest) return nullptr;
  now = std::max(now, *earliest);
  wake_expired(now);
  return runnable_after(after ? after->tid : 0);
}

}  // namespace fvemu
