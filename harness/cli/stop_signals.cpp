#include "harness/cli/stop_signals.h"

#include <array>
#include <atomic>
#include <csignal>

namespace fvemu::cli {
namespace {

constexpr std::array kStopSignals = {SIGINT, SIGTERM, SIGHUP};
std::atomic<Machine*> running{nullptr};  // the handler may only load it
std::array<struct sigaction, kStopSignals.size()> previous{};

void on_stop_signal(int signo) {
  if (Machine* m = running.load(std::memory_order_relaxed)) m->interrupt(signo);
}

}  // namespace

StopOnSignals::StopOnSignals(Machine& m) {
  running.store(&m);
  for (size_t i = 0; i < kStopSignals.size(); i++) {
    sigaction(kStopSignals[i], nullptr, &previous[i]);
    if (previous[i].sa_handler == SIG_IGN) continue;
    struct sigaction mine {};
    mine.sa_handler = on_stop_signal;
    sigemptyset(&mine.sa_mask);
    mine.sa_flags = 0;  // no SA_RESTART: a guest blocked in a host read(2) returns now
    sigaction(kStopSignals[i], &mine, nullptr);
  }
}

StopOnSignals::~StopOnSignals() {
  for (size_t i = 0; i < kStopSignals.size(); i++) sigaction(kStopSignals[i], &previous[i], nullptr);
  running.store(nullptr);
}

}  // namespace fvemu::cli
