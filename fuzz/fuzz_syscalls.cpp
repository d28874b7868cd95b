// Fuzz target: the syscall layer. The input becomes a guest program for 386, amd64,
// ARM or Thumb that makes up to kMaxCalls syscalls with fuzzed numbers and arguments
// and then exits; it runs in a Machine with no file roots (see guest_runner.h), so
// whatever it asks for, it can only reach its own executable and /dev/null.
//
// Input: [isa][n][16*n bytes: the start of the scratch area] then one record per call:
// [number selector][6 x (kind, payload)]. Numbers are mostly syscalls fvemu
// implements on that arch; arguments mix small integers, flag values, pointers into
// the writable scratch area and raw words (see argument()).
#include <elf.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "emu/arch/arch.h"
#include "emu/elf/elf_image.h"
#include "emu/linux/syscall_table.h"
#include "fuzz/byte_reader.h"
#include "fuzz/guest_runner.h"
#include "fuzz/syscall_program.h"
#include "tests/unit/elf_builder.h"

namespace {

using fvemu::fuzz::ByteReader;
using fvemu::fuzz::GuestIsa;

constexpr size_t kMaxCalls = 64;
constexpr size_t kScratchSize = 16384;  // the program's data segment

// The numbers a call may get on one arch.
struct SyscallNumbers {
  std::vector<uint32_t> implemented;  // have a handler in fvemu
  std::vector<uint32_t> all;          // in the kernel's table for the arch
  uint32_t exit_group;
};

SyscallNumbers numbers_for(const fvemu::Arch& arch) {
  const fvemu::SyscallTable table(arch);
  SyscallNumbers n;
  for (const fvemu::SyscallName& sn : arch.syscall_names()) {
    n.all.push_back(sn.number);
    if (table.find(sn.number)->handler) n.implemented.push_back(sn.number);
  }
  n.exit_group = *table.number_of("exit_group");
  return n;
}

// Flag and mode values the handlers switch on (open, mmap, mprotect, clone, futex,
// sigaction, epoll, *at), and edges of the 32-bit range.
constexpr uint64_t kFlagValues[] = {
    O_RDWR | O_CREAT, O_WRONLY | O_TRUNC, O_RDONLY | O_CLOEXEC, O_NONBLOCK, O_DIRECTORY,
    O_PATH, 0x22 /* MAP_PRIVATE|ANONYMOUS */, 0x32 /* |MAP_FIXED */, 0x01 /* MAP_SHARED */,
    0x100022 /* |MAP_FIXED_NOREPLACE */, 3 /* PROT_READ|WRITE */, 5 /* PROT_READ|EXEC */, 7,
    0x7d0f00 /* clone: Go's thread flags */, 0x3d0f00 /* NPTL's */, 0x11 /* SIGCHLD */,
    128 /* FUTEX_PRIVATE_FLAG */, 129, 137 /* FUTEX_WAIT_BITSET_PRIVATE */, 3 /* REQUEUE */,
    5 /* WAKE_OP */, 0x1c000004 /* SA_SIGINFO|ONSTACK|RESTORER|RESTART */, 0x80000000,
    0x80000005 /* EPOLLET|IN|OUT */, static_cast<uint64_t>(-100) /* AT_FDCWD */,
    0x1000 /* AT_EMPTY_PATH */, 0x100 /* AT_SYMLINK_NOFOLLOW */, 1030 /* F_DUPFD_CLOEXEC */,
    0x7fffffff, 0xffffffff, 0x100000000ull, 0xfffffffffffff000ull};

uint64_t argument(ByteReader& in, uint64_t scratch) {
  switch (in.u8() % 8) {
    case 0: return in.u8();                                     // fds, counts, signals
    case 1: return static_cast<uint64_t>(-int64_t{in.u8() % 16} - 1);  // -1.., errno-ish
    case 2: return uint64_t{1} << (in.u8() % 64);               // one flag bit
    case 3: return kFlagValues[in.u8() % std::size(kFlagValues)];
    case 4: return scratch + in.u16() % kScratchSize;           // a buffer, struct, path
    case 5: return in.u64();                                    // anything
    case 6: return uint64_t{in.u8()} << 12;                     // page-sized lengths, addresses
    default: return 0;                                          // NULL
  }
}

uint32_t number(ByteReader& in, const SyscallNumbers& n) {
  const uint8_t selector = in.u8();
  if (selector < 0xe0) return n.implemented[selector % n.implemented.size()];
  if (selector < 0xf0) return n.all[in.u16() % n.all.size()];
  return in.u32();  // unknown numbers must get ENOSYS too
}

struct Target {
  GuestIsa isa;
  const char* arch;  // for spec_for()
  const fvemu::Arch* emu_arch;
};

const Target& target_for(uint8_t selector) {
  static const Target targets[] = {
      {GuestIsa::k386, "386", fvemu::arch_for_elf(EM_386, ELFCLASS32)},
      {GuestIsa::kAmd64, "amd64", fvemu::arch_for_elf(EM_X86_64, ELFCLASS64)},
      {GuestIsa::kArm, "arm", fvemu::arch_for_elf(EM_ARM, ELFCLASS32)},
      {GuestIsa::kThumb, "arm", fvemu::arch_for_elf(EM_ARM, ELFCLASS32)},
  };
  return targets[selector % std::size(targets)];
}

const SyscallNumbers& numbers_of(const fvemu::Arch& arch) {
  static const SyscallNumbers i386 = numbers_for(*fvemu::arch_for_elf(EM_386, ELFCLASS32)),
                              amd64 = numbers_for(*fvemu::arch_for_elf(EM_X86_64, ELFCLASS64)),
                              arm = numbers_for(*fvemu::arch_for_elf(EM_ARM, ELFCLASS32));
  return arch.name() == "386" ? i386 : arch.name() == "amd64" ? amd64 : arm;
}

// The program goes into a file of its own so that the guest may open, read and mmap
// its executable as a real program can: one file per process, in $TMPDIR, rewritten
// for each input. The replay removes it at exit; libFuzzer leaves by _Exit, skipping
// that, so run_fuzzer points TMPDIR into its work directory.
struct ProgramFile {
  std::string path;
  ~ProgramFile() { ::unlink(path.c_str()); }
};

const std::string& program_path() {
  static const ProgramFile file = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string name = std::string(tmp && *tmp ? tmp : "/tmp") + "/fvemu-fuzz-syscalls-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) std::abort();
    ::close(fd);
    return ProgramFile{name};
  }();
  return file.path;
}

void write_program(const std::vector<uint8_t>& elf) {
  const int fd = ::open(program_path().c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0 || ::write(fd, elf.data(), elf.size()) != static_cast<ssize_t>(elf.size()))
    std::abort();
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteReader in(data, size);
  const Target& target = target_for(in.u8());
  const SyscallNumbers& numbers = numbers_of(*target.emu_arch);

  fvemu::test::ElfSpec spec = fvemu::test::spec_for(target.arch);
  spec.writable_data = in.bytes(16 * size_t{in.u8()});
  spec.writable_data.resize(kScratchSize);
  // The code is padded to the longest program's size, so that the scratch area (the
  // page after it) is where the arguments already point.
  static const size_t code_capacity = fvemu::fuzz::syscall_program(
      GuestIsa::kAmd64, std::vector<fvemu::fuzz::SyscallCall>(kMaxCalls), 0).size();
  spec.code.assign(code_capacity, 0);
  const uint64_t scratch = fvemu::test::data_address(spec);

  std::vector<fvemu::fuzz::SyscallCall> calls;
  while (!in.empty() && calls.size() < kMaxCalls) {
    fvemu::fuzz::SyscallCall c{number(in, numbers), {}};
    for (uint64_t& arg : c.args) arg = argument(in, scratch);
    calls.push_back(c);
  }
  const std::vector<uint8_t> code = fvemu::fuzz::syscall_program(target.isa, calls, numbers.exit_group);
  std::copy(code.begin(), code.end(), spec.code.begin());
  if (target.isa == GuestIsa::kThumb) spec.entry_delta = 1;  // the Thumb bit

  const std::vector<uint8_t> elf = fvemu::test::build_elf(spec);
  write_program(elf);
  // The program is always a valid one: parse_elf throwing is a finding (uncaught).
  fvemu::fuzz::run_guest(fvemu::parse_elf(elf, program_path()), program_path());
  return 0;
}
