// The wall-clock limit of a run (--timeout). A host thread waits for the deadline,
// then raises a flag that the machine polls at every block and after every syscall,
// and interrupts the emulator thread with a signal that has no SA_RESTART, so that a
// guest blocked in a host read(2) or similar returns at once (EINTR) instead of hanging.
#pragma once

#include <pthread.h>

#include <atomic>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace fvemu {

class Watchdog {
 public:
  // Sets `time_up` at the deadline; the calling thread is the one interrupted.
  Watchdog(double seconds, std::atomic<bool>& time_up);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  pthread_t target_;
  std::thread thread_;
};

}  // namespace fvemu
