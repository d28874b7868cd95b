// The wall-clock limit of a run (--timeout). A host thread waits for the deadline,
// then raises a flag that the machine polls at every block and after every syscall,
// and interrupts the emulator thread with a signal that has no SA_RESTART, so that a
// guest blocked in a host read(2) or similar returns at once (EINTR) instead of hanging.
#pragma once

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace fvemu {

class Watchdog {
 public:
  explicit Watchdog(double seconds);  // the calling thread is the one interrupted
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  bool fired() const { return fired_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> fired_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  pthread_t target_;
  std::thread thread_;
};

}  // namespace fvemu
