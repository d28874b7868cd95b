// Each arch's syscall table maps the kernel's numbers to names and the names to
// handlers; every handler is reachable on some arch under its kernel name.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "emu/arch/arch.h"
#include "emu/linux/syscall_table.h"

namespace fvemu {
namespace {

std::string name_of(const Arch& arch, uint32_t nr) {
  const SyscallTable t(arch);
  const auto* e = t.find(nr);
  return e ? e->name : "";
}

bool implemented(const Arch& arch, const char* name) {
  const SyscallTable t(arch);
  const auto nr = t.number_of(name);
  return nr && t.find(*nr)->handler != nullptr;
}

TEST(SyscallTable, KernelNumbersPerArch) {
  EXPECT_EQ(name_of(arch_386(), 4), "write");
  EXPECT_EQ(name_of(arch_386(), 192), "mmap2");
  EXPECT_EQ(name_of(arch_386(), 243), "set_thread_area");
  EXPECT_EQ(name_of(arch_386(), 403), "clock_gettime64");
  EXPECT_EQ(name_of(arch_amd64(), 1), "write");
  EXPECT_EQ(name_of(arch_amd64(), 158), "arch_prctl");
  EXPECT_EQ(name_of(arch_amd64(), 262), "newfstatat");
  EXPECT_EQ(name_of(arch_arm(), 4), "write");
  EXPECT_EQ(name_of(arch_arm(), 0xf0002), "cacheflush");
  EXPECT_EQ(name_of(arch_arm(), 0xf0005), "set_tls");
  EXPECT_EQ(name_of(arch_arm(), 7), "");  // waitpid: not in the EABI table
}

TEST(SyscallTable, NamesAreUniqueAndSorted) {
  for (const Arch* a : all_arches()) {
    std::set<std::string> names;
    uint32_t last = 0;
    bool first = true;
    for (const SyscallName& sn : a->syscall_names()) {
      EXPECT_TRUE(names.insert(sn.name).second) << a->name() << " " << sn.name;
      if (!first) {
        EXPECT_GT(sn.number, last) << a->name();
      }
      last = sn.number;
      first = false;
    }
  }
}

TEST(SyscallTable, ImplementsWhatStaticGlibcNeedsOnEveryArch) {
  const char* common[] = {"brk", "munmap", "mprotect", "mremap", "read", "write", "writev",
                          "readv", "pread64", "openat", "close", "lseek", "readlinkat",
                          "faccessat", "ioctl", "uname", "getpid", "gettid", "getppid",
                          "set_tid_address", "set_robust_list", "rseq", "prlimit64",
                          "clock_gettime", "gettimeofday", "getrandom", "rt_sigaction",
                          "rt_sigprocmask", "exit", "exit_group", "statx"};
  for (const Arch* a : all_arches())
    for (const char* name : common) EXPECT_TRUE(implemented(*a, name)) << a->name() << " " << name;
  EXPECT_TRUE(implemented(arch_amd64(), "arch_prctl"));
  EXPECT_TRUE(implemented(arch_amd64(), "mmap"));
  EXPECT_TRUE(implemented(arch_amd64(), "newfstatat"));
  EXPECT_TRUE(implemented(arch_amd64(), "getuid"));
  for (const Arch* a : {&arch_386(), &arch_arm()}) {
    for (const char* name : {"mmap2", "fstat64", "fstatat64", "_llseek", "ugetrlimit",
                             "clock_gettime64", "getuid32", "fcntl64", "time"}) {
      if (a == &arch_arm() && std::string(name) == "time") continue;  // not in EABI
      EXPECT_TRUE(implemented(*a, name)) << a->name() << " " << name;
    }
  }
  EXPECT_TRUE(implemented(arch_386(), "set_thread_area"));
  EXPECT_TRUE(implemented(arch_arm(), "set_tls"));
  EXPECT_TRUE(implemented(arch_arm(), "cacheflush"));
}

TEST(SyscallTable, EveryHandlerNameIsASyscallSomewhere) {
  // A misspelt handler name would silently never be called.
  const std::span<const SyscallHandlerDef> topics[] = {
      fs_syscalls(), fs_stat_syscalls(), mm_syscalls(), process_syscalls(),
      signal_syscalls(), time_syscalls(), misc_syscalls(), thread_syscalls(),
      futex_syscalls(), epoll_syscalls()};
  for (const auto& topic : topics) {
    for (const SyscallHandlerDef& d : topic) {
      bool found = false;
      for (const Arch* a : all_arches()) found = found || SyscallTable(*a).number_of(d.name);
      EXPECT_TRUE(found) << d.name;
    }
  }
  for (const Arch* a : all_arches())
    for (const SyscallHandlerDef& d : a->arch_syscalls())
      EXPECT_TRUE(SyscallTable(*a).number_of(d.name)) << a->name() << " " << d.name;
}

TEST(SyscallTable, UnknownNumbersAreAbsent) {
  for (const Arch* a : all_arches()) {
    const SyscallTable t(*a);
    EXPECT_EQ(t.find(99999), nullptr);
    EXPECT_GT(t.implemented(), 50u);
  }
}

}  // namespace
}  // namespace fvemu
