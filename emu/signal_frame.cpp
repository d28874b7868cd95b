#include "emu/signal_frame.h"

#include <cstring>

#include "emu/address_space.h"

namespace fvemu {

bool write_siginfo(AddressSpace& mem, uint64_t addr, const SigInfo& info, unsigned word_size) {
  uint8_t buf[128] = {};
  const int32_t head[3] = {info.signo, 0, info.code};
  std::memcpy(buf, head, sizeof head);
  const size_t body = word_size == 8 ? 16 : 12;
  if (info.addr) {
    std::memcpy(buf + body, &*info.addr, word_size);  // _sigfault.si_addr
  } else {
    const int32_t sender[2] = {info.sender_pid, info.sender_uid};  // _kill
    std::memcpy(buf + body, sender, sizeof sender);
  }
  return mem.write(addr, buf, sizeof buf);
}

}  // namespace fvemu
