// What the machine tells the outside while it runs. emu/ knows nothing of func
// values; tracing and checking (harness/) are built on this interface.
#pragma once

#include <cstdint>

namespace fvemu {

class Machine;
struct ExitStatus;

struct SyscallEvent {
  int tid;
  uint32_t number;
  const char* name;  // null when the number is unknown on this arch
  uint64_t args[6];
  int64_t result;
};

class Observer {
 public:
  virtual ~Observer() = default;
  // A translated block is about to run; `insns` is its instruction count.
  virtual void on_block(Machine&, uint64_t /*addr*/, uint32_t /*size*/, uint32_t /*insns*/) {}
  // A syscall completed (exit and exit_group are reported before the machine stops).
  virtual void on_syscall(Machine&, const SyscallEvent&) {}
  // The guest is gone.
  virtual void on_exit(Machine&, const ExitStatus&) {}
};

}  // namespace fvemu
