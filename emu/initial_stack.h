// The process's initial stack, laid out as Linux does (fs/binfmt_elf.c
// create_elf_tables): from the top, an end marker, the exec filename, the environment
// and argument strings, the platform string and 16 random bytes; then, 16-byte
// aligned, argc, argv[], NULL, envp[], NULL and the auxiliary vector.
// A pure function of its inputs, so it is unit-tested without an emulator.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fvemu {

// Auxiliary vector types (include/uapi/linux/auxvec.h).
enum AuxType : uint64_t {
  kAtNull = 0, kAtPhdr = 3, kAtPhent = 4, kAtPhnum = 5, kAtPagesz = 6, kAtBase = 7,
  kAtFlags = 8, kAtEntry = 9, kAtUid = 11, kAtEuid = 12, kAtGid = 13, kAtEgid = 14,
  kAtPlatform = 15, kAtHwcap = 16, kAtClktck = 17, kAtSecure = 23, kAtRandom = 25,
  kAtHwcap2 = 26, kAtExecfn = 31,
};

struct InitialStackSpec {
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  std::string execfn;
  std::string platform;
  std::array<uint8_t, 16> random{};
  // Entries with plain values; AT_PLATFORM, AT_RANDOM and AT_EXECFN are added by the
  // builder (they point into the stack), then AT_NULL.
  std::vector<std::pair<uint64_t, uint64_t>> auxv;
};

struct InitialStack {
  uint64_t sp;                 // initial stack pointer (points at argc)
  std::vector<uint8_t> bytes;  // the contents of [sp, top)
};

InitialStack build_initial_stack(const InitialStackSpec& spec, unsigned word_size, uint64_t top);

}  // namespace fvemu
