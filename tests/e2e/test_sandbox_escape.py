"""The guest cannot get out: tests/sandbox/escape.c tries every way out of the --ro/--rw
roots, to the kernel's interfaces (/proc, /sys, devices), to fvemu's own host fds, to
host processes and to the network, on every target, and each attempt must fail with
the errno listed here. On the host side nothing outside the --rw root changes, and the
secret file's content never shows up anywhere the guest could write."""

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest

import cases as C

SECRET = f"TOP-SECRET-{uuid.uuid4()}"

# Syscalls fvemu does not emulate answer ENOSYS (and are reported once on stderr);
# they reach nothing. Were they emulated, the sandbox would have to answer EACCES/EROFS.
NOT_EMULATED = "ENOSYS"

HOST_FDS = {f"hostfd_{op}": "EBADF"
            for op in ("read", "write", "fstat", "fcntl", "dup", "lseek", "close")}

PATHS = {
    "dotdot_absolute": "EACCES", "dotdot_relative": "EACCES", "dotdot_deep": "EACCES",
    "dotdot_many": "EACCES", "absolute_outside": "EACCES", "absolute_etc": "EACCES",
    "symlink_dotdot": "EACCES", "symlink_dotdot_chain": "EACCES",
    "symlink_absolute_secret": "EACCES", "symlink_absolute_root": "EACCES",
    "symlink_loop": "ELOOP", "symlink_self_loop": "ELOOP",
    "symlink_ro_via_rw": "EACCES",  # a symlink never leaves its root, even into another
    "rw_symlink_dir_out": "EACCES", "rw_symlink_file_out": "EACCES",
    "rw_symlink_write_out": "EACCES", "rw_symlink_append_out": "EACCES",
    "rw_dangling_create_out": "EACCES", "rw_create_in_out_dir": "EACCES",
    "nested_ro_write_via_symlink": "EROFS", "nested_ro_create_via_symlink": "EROFS",
    "nested_ro_write_direct": "EROFS", "nested_ro_unlink_via_symlink": "EROFS",
    "nested_ro_access_w_via_symlink": "EROFS",
    "dirfd_dotdot": "EACCES", "dirfd_dotdot_many": "EACCES", "dirfd_opath_dotdot": "EACCES",
    "dirfd_symlink_out": "EACCES", "dirfd_absolute_path": "EACCES",
    "dirfd_regular_file": "ENOTDIR", "dirfd_pipe": "ENOTDIR", "dirfd_unopened": "EBADF",
    "dirfd_fstatat_dotdot": "EACCES", "dirfd_faccessat_dotdot": "EACCES",
    "dirfd_readlinkat_out": "EACCES", "dirfd_unlinkat_dotdot": "EACCES",
    "rename_out": NOT_EMULATED, "rename_in": NOT_EMULATED, "renameat_dotdot": NOT_EMULATED,
    "link_in": NOT_EMULATED, "linkat_out": NOT_EMULATED,
    "symlink_create_out": NOT_EMULATED, "symlink_create_then_open": "ENOENT",
    "symlinkat_in_out_dir": NOT_EMULATED, "mkdir_out": NOT_EMULATED,
    "mkdirat_via_symlink": NOT_EMULATED,
    "unlink_out": "EACCES", "unlink_via_symlink_dir": "EACCES", "unlink_dotdot": "EACCES",
    "rmdir_root_parent": "EACCES",
    "truncate_out": NOT_EMULATED, "truncate_via_symlink": NOT_EMULATED,
    "chmod_out": NOT_EMULATED, "fchmodat_via_symlink": NOT_EMULATED,
    "utimensat_out": NOT_EMULATED, "utimensat_via_symlink": NOT_EMULATED,
    "chdir_dotdot": NOT_EMULATED,
    "open_after_chdir": "ENOENT",  # the cwd is still the --rw root: rw/outside/...
    "chroot": NOT_EMULATED,
    "ro_write": "EROFS", "ro_truncate": "EROFS", "ro_create": "EROFS", "ro_tmpfile": "EROFS",
    "ro_unlink": "EROFS", "ro_access_w": "EROFS", "exe_write": "EACCES",
}

# /proc, /sys and devices: refused whatever the roots, `--ro /` included.
KERNEL = {name: "EACCES" for name in (
    "proc_self_root", "proc_self_cwd", "proc_self_fd_0", "proc_self_fd_3",
    "proc_thread_self_fd", "proc_self_mem_read", "proc_self_mem_write", "proc_self_environ",
    "proc_self_maps", "proc_1_environ", "proc_1_root", "proc_host_pid", "proc_sys_write",
    "proc_via_dotdot", "proc_dir", "proc_self_mem_stat", "proc_self_environ_access",
    "readlink_proc_self_fd", "readlink_proc_self_cwd", "readlink_proc_self_root",
    "symlink_to_proc_mem", "symlink_to_proc_environ", "sys_file", "sys_write", "sys_dir",
    "dev_zero", "dev_urandom", "dev_fd", "dev_stdout", "symlink_to_dev_zero")}

PROCESSES = {
    "kill_init": "ESRCH", "kill_host_pid": "ESRCH", "kill_parent": "ESRCH",
    "kill_all": "ESRCH", "kill_host_group": "ESRCH", "tkill_host": "ESRCH",
    "tkill_init": "ESRCH", "tgkill_host": "ESRCH", "tgkill_other_thread": "ESRCH",
    **{name: NOT_EMULATED for name in (
        "rt_sigqueueinfo_host", "ptrace_attach", "ptrace_traceme", "process_vm_readv",
        "process_vm_writev", "pidfd_open", "pidfd_send_signal", "pidfd_getfd", "kcmp",
        "execve", "execveat", "fork", "vfork", "clone_process", "unshare")},
}

# Every socket call: EACCES, as a security module's denial (emu/linux/syscalls/net.cpp).
NET_CALLS = ("socket_inet", "socket_inet6", "socket_unix", "socket_netlink", "socketpair",
             "connect", "connect_abstract_unix", "bind", "listen", "accept", "accept4",
             "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
             "getsockopt", "setsockopt", "shutdown", "getsockname", "getpeername")
NET_ARCH_CALLS = {"386": ("socketcall_socket", "socketcall_connect", "socket_direct_syscall"),
                  "amd64": (), "arm": ("send_syscall", "recv_syscall"),
                  "arm-a32": ("send_syscall", "recv_syscall")}
NET_SYSCALL_NAMES = ("socket", "socketpair", "connect", "bind", "listen", "accept", "send",
                     "recv", "getsockopt", "setsockopt", "shutdown", "getsockname",
                     "getpeername", "socketcall")

CONFINED_CONTROLS = {"dirfd_inside", "kill_self", "ro_read", "ro_symlink_inside",
                     "ro_dotdot_inside", "rw_read_relative", "rw_create", "rw_unlink",
                     "nested_ro_read", "dev_null", "proc_self_exe", "readlink_proc_self_exe"}
HOST_ROOT_CONTROLS = {"dev_null", "proc_self_exe", "readlink_proc_self_exe"}


def expected_refusals(mode, target):
    if mode == "host-root":
        return {**HOST_FDS, **KERNEL}
    net = {name: "EACCES" for name in NET_CALLS + NET_ARCH_CALLS[target]}
    return {**HOST_FDS, **PATHS, **KERNEL, **PROCESSES, **net}


def make_tree(tmp: Path):
    """ro/ (a --ro root), rw/ (the --rw root, with a --ro root nested in it) and
    outside/ (in no root), linked every way that could lead out."""
    ro, rw, outside = tmp / "ro", tmp / "rw", tmp / "outside"
    for d in (ro / "sub" / "deep", rw / "nested_ro", outside):
        d.mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET + "\n")
    (outside / "victim.txt").write_text("victim\n")
    (outside / "link_in_outside").symlink_to("secret.txt")
    (ro / "data.txt").write_text("ro-data\n")
    links = {
        ro / "inner": "data.txt",
        ro / "up": "../outside/secret.txt",
        ro / "sub" / "deep" / "upchain": "../../../outside/secret.txt",
        ro / "abs_secret": str(outside / "secret.txt"),
        ro / "abs_root": "/",
        ro / "loop_a": "loop_b",
        ro / "loop_b": "loop_a",
        ro / "self_loop": "self_loop",
        ro / "via_rw": "../rw/file.txt",
        # Relative all the way to the host's /proc and /dev: beneath `--ro /` they resolve.
        ro / "procmem": os.path.relpath("/proc/self/mem", ro),
        ro / "procenv": os.path.relpath("/proc/self/environ", ro),
        ro / "devzero": os.path.relpath("/dev/zero", ro),
        rw / "out": "../outside",
        rw / "out_secret": "../outside/secret.txt",
        rw / "abs_victim": str(outside / "victim.txt"),
        rw / "dangling_out": "../outside/created.txt",
        rw / "to_nested": "nested_ro/data.txt",
        rw / "to_nested_dir": "nested_ro",
    }
    for link, target in links.items():
        link.symlink_to(target)
    (rw / "file.txt").write_text("rw-data\n")
    (rw / "to_delete.txt").write_text("delete me\n")
    (rw / "nested_ro" / "data.txt").write_text("nested\n")
    return ro, rw, outside


def snapshot(top: Path):
    """Everything about every entry under `top` (symlinks not followed) but the
    directories' own times, which creating and deleting in them changes."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            if p.is_symlink():
                state[p] = ("link", os.readlink(p))
            elif p.is_dir():
                state[p] = ("dir", st.st_mode)
            else:
                state[p] = ("file", st.st_mode, st.st_mtime_ns, p.read_bytes())
    return state


@pytest.fixture
def host_process():
    """A live host process for the guest to aim at: its pid is never one the guest's own
    world has (1000 and up)."""
    procs = []
    while True:
        p = subprocess.Popen(["sleep", "300"])
        procs.append(p)
        if not 999 <= p.pid <= 1100:
            break
    yield p
    for q in procs:
        q.kill()
        q.wait()


def parse(stdout):
    refused, escaped, allowed, broken = {}, [], set(), []
    for line in stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word == "refused":
            name, _, err = rest.partition(": ")
            refused[name] = err
        elif word == "ESCAPED":
            escaped.append(rest)
        elif word == "allowed":
            allowed.add(rest)
        elif word == "BROKEN":
            broken.append(rest)
    return refused, escaped, allowed, broken


def check_output(mode, target, r, stdout, controls):
    refused, escaped, allowed, broken = parse(stdout)
    assert not escaped, f"escaped: {escaped}"
    assert not broken, f"controls broken: {broken}"
    assert allowed == controls
    assert refused == expected_refusals(mode, target)
    assert r.returncode == 0, r.stderr
    for name in NET_SYSCALL_NAMES:  # refused by policy, not reported as unsupported
        assert f"unsupported syscall {name} " not in r.stderr
    return len(refused)


def program(target):
    return C.BUILD / "sandbox" / target / "escape"


@pytest.mark.parametrize("target", C.TARGETS)
def test_confined_guest_cannot_escape(target, tmp_path, host_process):
    tmp = tmp_path.resolve()
    ro, rw, outside = make_tree(tmp)
    trace = tmp / "trace.jsonl"
    before = snapshot(tmp)
    # Under `fvemu trace --out`, fvemu holds more host fds of its own (the trace file).
    r = subprocess.run([str(C.FVEMU), "trace", "--out", str(trace), "--ro", str(ro),
                        "--ro", str(rw / "nested_ro"), "--rw", str(rw), str(program(target)),
                        "confined", str(ro), str(rw), str(outside), str(host_process.pid)],
                       cwd=rw, capture_output=True, text=True, errors="replace", timeout=300)
    check_output("confined", target, r, r.stdout, CONFINED_CONTROLS)

    after = snapshot(tmp)
    created = {p for p in after.keys() - before.keys() if p != trace}
    assert created == {rw / "created_by_guest.txt"}
    assert before.keys() - after.keys() == {rw / "to_delete.txt"}
    assert {p: s for p, s in after.items() if p in before and before[p] != s} == {}
    assert (rw / "created_by_guest.txt").read_text() == "guest-wrote\n"
    # The guest never read the secret, nor wrote into fvemu's trace file.
    for text in (r.stdout, r.stderr, trace.read_text()):
        assert SECRET not in text
    for line in trace.read_text().splitlines():
        json.loads(line)
    assert host_process.poll() is None


@pytest.mark.parametrize("target", C.TARGETS)
def test_kernel_interfaces_are_refused_even_under_ro_slash(target, tmp_path, host_process):
    tmp = tmp_path.resolve()
    ro, rw, outside = make_tree(tmp)
    out = tmp / "guest-stdout.txt"
    before = snapshot(tmp)
    # --stdout: one more host fd of fvemu's own.
    r = subprocess.run([str(C.FVEMU), "run", "--stdout", str(out), "--ro", "/", "--rw", str(rw),
                        str(program(target)), "host-root", str(ro), str(rw), str(outside),
                        str(host_process.pid)],
                       cwd=rw, capture_output=True, text=True, errors="replace", timeout=300)
    # What an escape reads (fvemu's memory, say) need not be text.
    check_output("host-root", target, r, out.read_text(errors="replace"), HOST_ROOT_CONTROLS)
    after = snapshot(tmp)
    assert after.keys() - before.keys() == {out}
    assert {p: s for p, s in after.items() if p in before and before[p] != s} == {}
    assert host_process.poll() is None

