#include "harness/session.h"

#include <stdexcept>

#include "emu/arch/arch.h"

namespace fvemu {
namespace {

// What the checker needs to see (docs/rules.md "Rules"): every rule judges a computed
// target, so direct calls, which would double the tracer's work on call-heavy
// code, are not traced.
const std::set<CallKind> kCheckedKinds{CallKind::kIndirectCall, CallKind::kIndirectJump};

}  // namespace

Session::Session(SessionOptions options, const std::vector<std::string>& program_and_args,
                 const std::string& command)
    : options_(std::move(options)),
      program_(program_and_args.empty() ? std::string() : program_and_args.front()),
      machine_(build_machine(options_.run, program_and_args, command)),
      names_(machine_->image_view(), program_) {
  profile_ = options_.profile == "auto" && !options_.require_profile
                 ? detect_profile(machine_->image_view())
                 : choose_profile(machine_->image_view(), options_.profile, program_, command);
}

void Session::add_sink(EventSink* sink) {
  if (started_) throw std::logic_error("Session::add_sink after the run started");
  sinks_.push_back(sink);
}

void Session::on_call(std::set<CallKind> kinds, std::optional<std::regex> symbols,
                      CallbackSink::Fn fn) {
  if (started_) throw std::logic_error("Session::on_call after the run started");
  callbacks_.push_back(
      std::make_unique<CallbackSink>(std::move(kinds), std::move(symbols), std::move(fn)));
}

void Session::start() {
  started_ = true;
  if (!options_.trace) return;
  // The tracer reports the kinds someone wants, nothing more: each kind costs.
  TraceFilter filter = options_.trace_filter;
  filter.kinds.insert(options_.record_kinds.begin(), options_.record_kinds.end());
  const bool check = profile() && options_.check;
  if (check) filter.kinds.insert(kCheckedKinds.begin(), kCheckedKinds.end());
  for (const auto& c : callbacks_) filter.kinds.insert(c->kinds().begin(), c->kinds().end());
  if (filter.kinds.empty() && sinks_.empty()) return;
  const Profile& traced = profile() ? *profile() : *find_profile("go");
  tracer_.emplace(*machine_, traced, std::move(filter), names_);
  if (check) tracer_->add_sink(&checker_.emplace(machine_->image_view(), *profile()));
  if (!options_.record_kinds.empty())
    callbacks_.insert(callbacks_.begin(),
                      std::make_unique<CallbackSink>(
                          options_.record_kinds, options_.record_symbols,
                          [this](const CallEvent& e, Symbolizer&) {
                            if (options_.max_recorded && calls_.size() >= options_.max_recorded)
                              calls_dropped_++;
                            else
                              calls_.push_back(record(e));
                          }));
  for (const auto& c : callbacks_) tracer_->add_sink(c.get());
  for (EventSink* s : sinks_) tracer_->add_sink(s);
  machine_->add_observer(&*tracer_);
}

CallRecord Session::record(const CallEvent& e) { return resolve(machine_->arch(), e, names_); }

std::optional<ExitStatus> Session::run_until(uint64_t insns) {
  if (!started_) start();
  return machine_->run_until(insns);
}

CheckReport Session::report(std::vector<std::string> events) const {
  const auto& status = machine_->final_status();
  if (!status || !checker_) throw std::logic_error("Session::report before a checked run ended");
  return CheckReport{program_, std::string(machine_->arch().name()), std::string(profile()->name),
                     profile_.reason, *status, checker_->violations(), checker_->counts(), std::move(events)};
}

}  // namespace fvemu
