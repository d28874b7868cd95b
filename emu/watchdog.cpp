#include "emu/watchdog.h"

#include <csignal>
#include <chrono>

namespace fvemu {
namespace {

// SIGRTMIN is the first real-time signal glibc leaves to applications.
int interrupt_signal() {
  static const int signo = [] {
    struct sigaction sa {};
    sa.sa_handler = [](int) {};  // only there to make blocking syscalls return EINTR
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART
    sigaction(SIGRTMIN, &sa, nullptr);
    return SIGRTMIN;
  }();
  return signo;
}

}  // namespace

Watchdog::Watchdog(double seconds, std::atomic<bool>& time_up) : target_(pthread_self()) {
  const int signo = interrupt_signal();
  // The waiting thread takes no signals: fvemu's SIGINT or SIGTERM must reach the
  // thread running the guest, whose blocking host call it interrupts.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  thread_ = std::thread([this, seconds, signo, &time_up] {
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return done_; }))
      return;
    time_up.store(true, std::memory_order_relaxed);
    pthread_kill(target_, signo);
  });
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

}  // namespace fvemu
