// What an Arch's run-time work (signal frames, TLS, thread switches, i386 descriptor
// tables) sees of the machine: the CPU, the guest's memory and the thread whose
// registers are on the CPU. Narrower than Machine on purpose: an arch lays out what
// Linux lays out for it and nothing else of the machine.
#pragma once

#include <unicorn/unicorn.h>

namespace fvemu {

class AddressSpace;
struct Thread;

struct GuestCpu {
  uc_engine* uc;
  AddressSpace& mem;
  Thread& thread;
};

}  // namespace fvemu
