// Process identity and lifetime: exit, ids, uname, rlimits, the tid/robust-list
// registrations glibc makes at start-up.
#include <sys/resource.h>

#include <cstring>

#include "emu/linux/file_table.h"
#include "emu/linux/syscalls/common.h"

namespace fvemu {
namespace {

int64_t sys_getpid(SyscallContext& c) { return c.m.process().identity.pid; }
int64_t sys_gettid(SyscallContext& c) { return c.m.current_tid(); }
int64_t sys_getppid(SyscallContext& c) { return c.m.process().identity.ppid; }
int64_t sys_getuid(SyscallContext& c) { return c.m.process().identity.uid; }
int64_t sys_getgid(SyscallContext& c) { return c.m.process().identity.gid; }

// struct new_utsname: six 65-byte strings.
int64_t sys_uname(SyscallContext& c) {
  char u[6][65] = {};
  const std::string machine(c.arch.uname_machine());
  const char* fields[6] = {"Linux", "fvemu", "6.1.0-fvemu", "#1 SMP fvemu", machine.c_str(),
                           "(none)"};
  for (int i = 0; i < 6; i++) std::strncpy(u[i], fields[i], 64);
  return copy_out(c, c.arg[0], u, sizeof u);
}

int64_t sys_set_tid_address(SyscallContext& c) {
  c.m.current().clear_child_tid = c.arg[0];
  return c.m.current_tid();
}

int64_t sys_set_robust_list(SyscallContext&) { return 0; }
// Restartable sequences are optional; glibc falls back when the kernel says ENOSYS.
int64_t sys_rseq(SyscallContext&) { return -ENOSYS; }

// The limits the guest sees: fixed, so runs do not depend on the host's ulimits.
std::pair<uint64_t, uint64_t> limit_for(const Machine& m, int resource) {
  constexpr uint64_t kInf = ~uint64_t{0};
  switch (resource) {
    case RLIMIT_STACK: return {8 << 20, kInf};
    case RLIMIT_CORE: return {0, kInf};
    case RLIMIT_NOFILE: return {m.config().max_files, m.config().max_files};
    case RLIMIT_NPROC: return {m.config().max_threads, m.config().max_threads};
    case RLIMIT_MEMLOCK: return {8 << 20, 8 << 20};
    case RLIMIT_SIGPENDING: return {4096, 4096};
    case RLIMIT_MSGQUEUE: return {819200, 819200};
    case RLIMIT_NICE:
    case RLIMIT_RTPRIO: return {0, 0};
    default: return {kInf, kInf};
  }
}

// prlimit64(pid, resource, new, old): struct rlimit64 is two u64 on every arch.
int64_t sys_prlimit64(SyscallContext& c) {
  const int pid = int_arg(c.arg[0]);
  if (pid != 0 && pid != c.m.process().identity.pid) return -ESRCH;
  const int resource = int_arg(c.arg[1]);
  if (resource < 0 || resource >= RLIM_NLIMITS) return -EINVAL;
  if (c.arg[3]) {
    const auto [cur, max] = limit_for(c.m, resource);
    return write_words(c, c.arg[3], {cur, max}, 8);
  }
  return 0;  // new limits are accepted and not enforced
}

// getrlimit/ugetrlimit(resource, rlim): struct rlimit of two unsigned longs.
int64_t sys_getrlimit(SyscallContext& c) {
  const int resource = int_arg(c.arg[0]);
  if (resource < 0 || resource >= RLIM_NLIMITS) return -EINVAL;
  const unsigned w = c.arch.word_size();
  auto [cur, max] = limit_for(c.m, resource);
  const uint64_t word_max = w == 8 ? ~uint64_t{0} : 0xffffffffu;
  return write_words(c, c.arg[1], {std::min(cur, word_max), std::min(max, word_max)}, w);
}

int64_t sys_setrlimit(SyscallContext& c) {
  const int resource = int_arg(c.arg[0]);
  return resource < 0 || resource >= RLIM_NLIMITS ? -EINVAL : 0;
}

const SyscallHandlerDef kHandlers[] = {
    {"getpid", sys_getpid, ""},
    {"gettid", sys_gettid, ""},
    {"getppid", sys_getppid, ""},
    {"getuid", sys_getuid, ""},
    {"geteuid", sys_getuid, ""},
    {"getgid", sys_getgid, ""},
    {"getegid", sys_getgid, ""},
    {"getuid32", sys_getuid, ""},
    {"geteuid32", sys_getuid, ""},
    {"getgid32", sys_getgid, ""},
    {"getegid32", sys_getgid, ""},
    {"uname", sys_uname, "p"},
    {"set_tid_address", sys_set_tid_address, "p"},
    {"set_robust_list", sys_set_robust_list, "pu"},
    {"rseq", sys_rseq, "puxx"},
    {"prlimit64", sys_prlimit64, "ddpp"},
    {"getrlimit", sys_getrlimit, "dp"},
    {"ugetrlimit", sys_getrlimit, "dp"},
    {"setrlimit", sys_setrlimit, "dp"},
};

}  // namespace

std::span<const SyscallHandlerDef> process_syscalls() { return kHandlers; }

}  // namespace fvemu
