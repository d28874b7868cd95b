#include "interrupt.h"

#include <csignal>

#include <array>
#include <atomic>
#include <mutex>

namespace fvemu::python {
namespace {

// The machines running now, in any thread; read by the handler, so lock-free slots.
constexpr int kSlots = 64;
std::array<std::atomic<Machine*>, kSlots> running{};
std::mutex install_mu;  // guards `installed` and `previous`
int installed = 0;      // scopes alive with the handler installed
struct sigaction previous {};

void on_sigint(int signo, siginfo_t* info, void* context) {
  for (auto& slot : running)
    if (Machine* m = slot.load(std::memory_order_relaxed)) m->interrupt();
  if (previous.sa_flags & SA_SIGINFO)
    previous.sa_sigaction(signo, info, context);
  else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN)
    previous.sa_handler(signo);
}

}  // namespace

InterruptScope::InterruptScope(Machine& m) {
  std::lock_guard lock(install_mu);
  if (installed == 0) {
    struct sigaction now {};
    sigaction(SIGINT, nullptr, &now);
    if (now.sa_handler == SIG_IGN && !(now.sa_flags & SA_SIGINFO)) return;  // Ctrl-C is off
    struct sigaction mine {};
    mine.sa_sigaction = on_sigint;
    sigemptyset(&mine.sa_mask);
    mine.sa_flags = SA_SIGINFO | SA_ONSTACK;  // no SA_RESTART: blocking host calls end
    sigaction(SIGINT, &mine, &previous);
  }
  for (int i = 0; i < kSlots; i++) {
    Machine* expected = nullptr;
    if (running[i].compare_exchange_strong(expected, &m)) {
      slot_ = i;
      break;
    }
  }
  installed++;
  counted_ = true;
}

InterruptScope::~InterruptScope() {
  std::lock_guard lock(install_mu);
  if (slot_ >= 0) running[slot_].store(nullptr);
  if (counted_ && --installed == 0) sigaction(SIGINT, &previous, nullptr);
}

}  // namespace fvemu::python
