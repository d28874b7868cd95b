// The network: refused. The guest gets no sockets at all, not even AF_UNIX pairs, so it
// can reach no host service, peer or abstract socket, and its runs do not depend on the
// host's network (determinism).
//
// Every socket call fails with EACCES, what Linux answers when a security module denies
// it: each of these calls has an LSM hook (security_socket_create, _connect, _bind,
// _listen, _accept, _sendmsg, _recvmsg, _getsockname, _getpeername, _getsockopt,
// _setsockopt, _shutdown; include/linux/security.h) and SELinux and AppArmor deny with
// EACCES. So one errno is right for all of them, "permission denied" is what the guest
// prints, and they are refusals by policy, not "unsupported syscall" reports.
#include "emu/linux/syscalls/common.h"

namespace fvemu {
namespace {

int64_t sys_refused(SyscallContext&) { return -EACCES; }

const SyscallHandlerDef kHandlers[] = {
    {"socket", sys_refused, "ddd"},
    {"socketpair", sys_refused, "dddp"},
    {"bind", sys_refused, "fpu"},
    {"connect", sys_refused, "fpu"},
    {"listen", sys_refused, "fd"},
    {"accept", sys_refused, "fpp"},
    {"accept4", sys_refused, "fppx"},
    {"getsockname", sys_refused, "fpp"},
    {"getpeername", sys_refused, "fpp"},
    {"getsockopt", sys_refused, "fddpp"},
    {"setsockopt", sys_refused, "fddpu"},
    {"shutdown", sys_refused, "fd"},
    {"send", sys_refused, "fpux"},  // ARM EABI's own numbers for send and recv
    {"recv", sys_refused, "fpux"},
    {"sendto", sys_refused, "fpuxpu"},
    {"recvfrom", sys_refused, "fpuxpp"},
    {"sendmsg", sys_refused, "fpx"},
    {"recvmsg", sys_refused, "fpx"},
    {"sendmmsg", sys_refused, "fpux"},
    {"recvmmsg", sys_refused, "fpuxp"},
    {"recvmmsg_time64", sys_refused, "fpuxp"},
    // i386's multiplexer, socketcall(call, args): every call it carries is one of the above.
    {"socketcall", sys_refused, "dp"},
};

}  // namespace

std::span<const SyscallHandlerDef> net_syscalls() { return kHandlers; }

}  // namespace fvemu
