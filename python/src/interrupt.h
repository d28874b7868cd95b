// Ctrl-C while a guest runs. The GIL is released then, so Python's own SIGINT handler
// can only set a flag for later; this handler also ends the runs (Machine::interrupt,
// a flag store, safe in a handler) and then calls the handler it replaced, so Python
// raises KeyboardInterrupt (or runs the user's handler) once the run has returned.
#pragma once

#include "emu/machine.h"

namespace fvemu::python {

// While it lives, SIGINT interrupts `m` (unless SIGINT is ignored).
class InterruptScope {
 public:
  explicit InterruptScope(Machine& m);
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  int slot_ = -1;        // in the table of running machines
  bool counted_ = false;  // holds the handler installed
};

}  // namespace fvemu::python
