// What the machine tells the outside while it runs. emu/ knows nothing of func
// values; tracing and checking (harness/) are built on this interface.
#pragma once

#include <cstdint>
#include <optional>

namespace fvemu {

class Machine;
struct ExitStatus;

class Observer {
 public:
  virtual ~Observer() = default;
  // Whether on_block must be called for the block at `addr` (`size` bytes): asked once
  // per translated block, when it first runs (the CPU is at it), and kept with its
  // instruction count; the default is every block. Whatever the answer, the block
  // that runs next on the same thread after a wanted one is reported too: it is where
  // the transfer that ended the wanted block went. Blocks nobody wants cost nothing.
  virtual bool wants_block(Machine&, uint64_t /*addr*/, uint32_t /*size*/) { return true; }
  // A translated block is about to run, on the current thread. `wanted`: some observer
  // wanted it; if not, it is reported only as the block after a wanted one, and an
  // observer knows without a lookup that it did not want it either.
  virtual void on_block(Machine&, uint64_t /*addr*/, uint32_t /*size*/, bool /*wanted*/) {}
  // The current thread takes `signo`: it is about to enter a handler, or a fault kills
  // the process (nothing handles it). Its registers are still those of the interrupted
  // code, or of the instruction that faulted (`fault`: a synchronous SIGSEGV, SIGBUS,
  // SIGFPE, SIGILL or SIGTRAP); `fault_address`: a memory fault's si_addr.
  virtual void on_signal(Machine&, int /*signo*/, bool /*fault*/,
                         std::optional<uint64_t> /*fault_address*/) {}
  // Code bytes in [begin, end) may have changed (mmap, munmap, mprotect, cacheflush),
  // or did change: a store rewrote code in a writable page, reported before the new
  // code runs (its old translation is dropped then).
  virtual void on_code_changed(Machine&, uint64_t /*begin*/, uint64_t /*end*/) {}
  // The guest is gone.
  virtual void on_exit(Machine&, const ExitStatus&) {}
};

}  // namespace fvemu
