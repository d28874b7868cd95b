/*
 * Tries every way out of fvemu's sandbox it knows, and prints one line per attempt:
 *
 *   refused NAME: ERRNO    the attempt failed (ERRNO: the errno's name)
 *   ESCAPED NAME ...       it succeeded: the guest got out (what it read follows)
 *   allowed NAME           a positive control did what a confined guest may do
 *   BROKEN NAME: ERRNO     a positive control failed
 *
 * Exit status: 1 when anything escaped, 2 when a control broke, else 0.
 * tests/e2e/test_sandbox_escape.py prepares the directory tree, runs this under fvemu
 * (never under qemu-user, which confines nothing) and checks every line's errno and
 * the host's files.
 *
 * usage: escape confined RO RW OUTSIDE HOST_PID   (fvemu run --ro RO --rw RW, cwd RW)
 *        escape host-root RO RW OUTSIDE HOST_PID  (fvemu run --ro / --rw RW)
 * OUTSIDE holds secret.txt and victim.txt; HOST_PID is a live host process (pytest).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <unistd.h>

static const char *ro, *rw, *outside;
static int host_pid;
static int escaped, broken;

static char *path(const char *dir, const char *rel) {
    char *p;
    if (asprintf(&p, "%s/%s", dir, rel) < 0) exit(3);
    return p;
}

/* An attempt that must fail: `r` is its result (-1 with errno set on failure). */
static void expect_fail(const char *name, long r) {
    if (r < 0) {
        printf("refused %s: %s\n", name, strerrorname_np(errno));
    } else {
        printf("ESCAPED %s (result %ld)\n", name, r);
        escaped = 1;
    }
}

/* An open that must fail; if it works, what it reads is printed, so the host sees it. */
static void expect_no_open(const char *name, int fd) {
    if (fd < 0) {
        expect_fail(name, fd);
        return;
    }
    char buf[256] = {0};
    const ssize_t n = read(fd, buf, sizeof buf - 1);
    printf("ESCAPED %s (read %zd bytes: %s)\n", name, n, n > 0 ? buf : "");
    escaped = 1;
    close(fd);
}

/* For controls: whether `fd` is open (and closes it), errno kept when it is not. */
static int opened(int fd) {
    return fd >= 0 && close(fd) == 0;
}

static void control(const char *name, int ok) {
    if (ok) {
        printf("allowed %s\n", name);
    } else {
        printf("BROKEN %s: %s\n", name, strerrorname_np(errno));
        broken = 1;
    }
}

/* ---- fvemu's own host descriptors: guest fds it did not open are EBADF -------- */

/* Runs first, before the guest opens anything: fds 3..1023 and some beyond. */
static void host_fds(void) {
    static const char *ops[] = {"read", "write", "fstat", "fcntl", "dup", "lseek", "close"};
    for (size_t op = 0; op < sizeof ops / sizeof *ops; op++) {
        char name[64];
        snprintf(name, sizeof name, "hostfd_%s", ops[op]);
        int bad_errno = EBADF, bad_fd = -1;
        const int fds[] = {-1, 1024, 4096, 65535};
        for (int i = 3; i < 1024 + 4 && bad_fd < 0; i++) {
            const int fd = i < 1024 ? i : fds[i - 1024];
            char c = 'X';
            struct stat st;
            long r;
            errno = 0;
            switch (op) {
                case 0: r = read(fd, &c, 1); break;
                case 1: r = write(fd, &c, 1); break;
                case 2: r = fstat(fd, &st); break;
                case 3: r = fcntl(fd, F_GETFD); break;
                case 4: r = dup(fd); break;
                case 5: r = lseek(fd, 0, SEEK_CUR); break;
                default: r = close(fd); break;
            }
            if (r >= 0 || errno != EBADF) {
                bad_fd = fd;
                bad_errno = r >= 0 ? 0 : errno;
            }
        }
        if (bad_fd < 0) {
            printf("refused %s: EBADF\n", name);
        } else if (bad_errno == 0) {
            printf("ESCAPED %s (fd %d)\n", name, bad_fd);
            escaped = 1;
        } else {
            printf("refused %s: %s (fd %d)\n", name, strerrorname_np(bad_errno), bad_fd);
        }
    }
}

/* ---- paths out of the roots ------------------------------------------------------ */

static void dot_dot(void) {
    expect_no_open("dotdot_absolute", open(path(ro, "../outside/secret.txt"), O_RDONLY));
    expect_no_open("dotdot_relative", open("../outside/secret.txt", O_RDONLY));
    expect_no_open("dotdot_deep", open(path(ro, "sub/deep/../../../outside/secret.txt"), O_RDONLY));
    expect_no_open("dotdot_many", open(path(ro, "../../../../../../../../etc/passwd"), O_RDONLY));
    expect_no_open("absolute_outside", open(path(outside, "secret.txt"), O_RDONLY));
    expect_no_open("absolute_etc", open("/etc/passwd", O_RDONLY));
}

static void symlinks(void) {
    expect_no_open("symlink_dotdot", open(path(ro, "up"), O_RDONLY));
    expect_no_open("symlink_dotdot_chain", open(path(ro, "sub/deep/upchain"), O_RDONLY));
    expect_no_open("symlink_absolute_secret", open(path(ro, "abs_secret"), O_RDONLY));
    expect_no_open("symlink_absolute_root", open(path(ro, "abs_root/etc/passwd"), O_RDONLY));
    expect_no_open("symlink_loop", open(path(ro, "loop_a"), O_RDONLY));
    expect_no_open("symlink_self_loop", open(path(ro, "self_loop"), O_RDONLY));
    expect_no_open("symlink_ro_via_rw", open(path(ro, "via_rw"), O_RDONLY));
    expect_no_open("rw_symlink_dir_out", open(path(rw, "out/secret.txt"), O_RDONLY));
    expect_no_open("rw_symlink_file_out", open(path(rw, "out_secret"), O_RDONLY));
    expect_no_open("rw_symlink_write_out", open(path(rw, "out/victim.txt"), O_WRONLY | O_TRUNC));
    expect_no_open("rw_symlink_append_out", open(path(rw, "abs_victim"), O_WRONLY | O_APPEND));
    expect_no_open("rw_dangling_create_out",
                   open(path(rw, "dangling_out"), O_WRONLY | O_CREAT, 0644));
    expect_no_open("rw_create_in_out_dir", open(path(rw, "out/created.txt"), O_WRONLY | O_CREAT, 0644));
    /* A --ro root nested in the --rw one stays read-only, through symlinks too. */
    expect_no_open("nested_ro_write_via_symlink", open(path(rw, "to_nested"), O_WRONLY | O_TRUNC));
    expect_no_open("nested_ro_create_via_symlink",
                   open(path(rw, "to_nested_dir/new.txt"), O_WRONLY | O_CREAT, 0644));
    expect_no_open("nested_ro_write_direct", open(path(rw, "nested_ro/data.txt"), O_WRONLY));
    expect_fail("nested_ro_unlink_via_symlink", unlink(path(rw, "to_nested_dir/data.txt")));
    expect_fail("nested_ro_access_w_via_symlink", access(path(rw, "to_nested"), W_OK));
}

static void directory_fds(void) {
    const int sub = open(path(ro, "sub"), O_RDONLY | O_DIRECTORY);
    const int opath = open(path(ro, "sub"), O_PATH | O_DIRECTORY);
    const int file = open(path(ro, "data.txt"), O_RDONLY);
    int pipe_fds[2];
    if (sub < 0 || opath < 0 || file < 0 || pipe(pipe_fds) < 0) {
        control("directory_fds_setup", 0);
        return;
    }
    expect_no_open("dirfd_dotdot", openat(sub, "../../outside/secret.txt", O_RDONLY));
    expect_no_open("dirfd_dotdot_many", openat(sub, "../../../../../../../etc/passwd", O_RDONLY));
    expect_no_open("dirfd_opath_dotdot", openat(opath, "../../outside/secret.txt", O_RDONLY));
    expect_no_open("dirfd_symlink_out", openat(sub, "../up", O_RDONLY));
    expect_no_open("dirfd_absolute_path", openat(sub, path(outside, "secret.txt"), O_RDONLY));
    expect_no_open("dirfd_regular_file", openat(file, "../../outside/secret.txt", O_RDONLY));
    expect_no_open("dirfd_pipe", openat(pipe_fds[0], "../outside/secret.txt", O_RDONLY));
    expect_no_open("dirfd_unopened", openat(777, "../outside/secret.txt", O_RDONLY));
    struct stat st;
    expect_fail("dirfd_fstatat_dotdot", fstatat(sub, "../../outside/secret.txt", &st, 0));
    expect_fail("dirfd_faccessat_dotdot", faccessat(sub, "../../outside/secret.txt", R_OK, 0));
    char buf[256];
    expect_fail("dirfd_readlinkat_out", readlinkat(opath, "../../outside/link_in_outside", buf, sizeof buf));
    expect_fail("dirfd_unlinkat_dotdot", unlinkat(sub, "../../outside/victim.txt", 0));
    control("dirfd_inside", opened(openat(sub, "../data.txt", O_RDONLY)));
    close(sub);
    close(opath);
    close(file);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
}

/* Calls that change names or metadata, each aimed outside the roots. */
static void modifications(void) {
    const char *victim = path(outside, "victim.txt");
    struct timespec times[2] = {{0, 0}, {0, 0}};
    expect_fail("rename_out", rename(path(rw, "file.txt"), path(outside, "moved.txt")));
    expect_fail("rename_in", rename(victim, path(rw, "stolen.txt")));
    expect_fail("renameat_dotdot", renameat(AT_FDCWD, "file.txt", AT_FDCWD, "../outside/moved.txt"));
    expect_fail("link_in", link(path(outside, "secret.txt"), path(rw, "hardlink")));
    expect_fail("linkat_out", linkat(AT_FDCWD, "file.txt", AT_FDCWD, "../outside/hardlink", 0));
    expect_fail("symlink_create_out", symlink(path(outside, "secret.txt"), path(rw, "newlink")));
    expect_no_open("symlink_create_then_open", open(path(rw, "newlink"), O_RDONLY));
    expect_fail("symlinkat_in_out_dir", symlinkat("x", AT_FDCWD, "../outside/newlink"));
    expect_fail("mkdir_out", mkdir(path(outside, "newdir"), 0755));
    expect_fail("mkdirat_via_symlink", mkdirat(AT_FDCWD, "out/newdir", 0755));
    expect_fail("unlink_out", unlink(victim));
    expect_fail("unlink_via_symlink_dir", unlink(path(rw, "out/victim.txt")));
    expect_fail("unlink_dotdot", unlink("../outside/victim.txt"));
    expect_fail("rmdir_root_parent", unlinkat(AT_FDCWD, "..", AT_REMOVEDIR));
    expect_fail("truncate_out", truncate(victim, 0));
    expect_fail("truncate_via_symlink", truncate(path(rw, "out/victim.txt"), 0));
    expect_fail("chmod_out", chmod(victim, 0777));
    expect_fail("fchmodat_via_symlink", fchmodat(AT_FDCWD, "abs_victim", 0777, 0));
    expect_fail("utimensat_out", utimensat(AT_FDCWD, victim, times, 0));
    expect_fail("utimensat_via_symlink", utimensat(AT_FDCWD, "out/victim.txt", times, 0));
    expect_fail("chdir_dotdot", chdir(".."));
    expect_no_open("open_after_chdir", open("outside/secret.txt", O_RDONLY));
    expect_fail("chroot", chroot("/"));
}

static void read_only_root(void) {
    expect_no_open("ro_write", open(path(ro, "data.txt"), O_WRONLY));
    expect_no_open("ro_truncate", open(path(ro, "data.txt"), O_RDONLY | O_TRUNC));
    expect_no_open("ro_create", open(path(ro, "new.txt"), O_WRONLY | O_CREAT, 0644));
    expect_no_open("ro_tmpfile", open(ro, O_TMPFILE | O_RDWR, 0600));
    expect_fail("ro_unlink", unlink(path(ro, "data.txt")));
    expect_fail("ro_access_w", access(path(ro, "data.txt"), W_OK));
    expect_no_open("exe_write", open("/proc/self/exe", O_RDWR));
}

/* ---- the kernel's own interfaces: /proc, /sys, devices ---------------------------- */

static void kernel_interfaces(void) {
    char buf[512];
    struct stat st;
    expect_no_open("proc_self_root", open(path("/proc/self/root", path(outside, "secret.txt")), O_RDONLY));
    expect_no_open("proc_self_cwd", open("/proc/self/cwd/../outside/secret.txt", O_RDONLY));
    expect_no_open("proc_self_fd_0", open("/proc/self/fd/0", O_RDONLY));
    expect_no_open("proc_self_fd_3", open("/proc/self/fd/3", O_RDWR));
    expect_no_open("proc_thread_self_fd", open("/proc/thread-self/fd/3", O_RDONLY));
    expect_no_open("proc_self_mem_read", open("/proc/self/mem", O_RDONLY));
    expect_no_open("proc_self_mem_write", open("/proc/self/mem", O_RDWR));
    expect_no_open("proc_self_environ", open("/proc/self/environ", O_RDONLY));
    expect_no_open("proc_self_maps", open("/proc/self/maps", O_RDONLY));
    expect_no_open("proc_1_environ", open("/proc/1/environ", O_RDONLY));
    expect_no_open("proc_1_root", open("/proc/1/root/etc/passwd", O_RDONLY));
    snprintf(buf, sizeof buf, "/proc/%d/cmdline", host_pid);
    expect_no_open("proc_host_pid", open(buf, O_RDONLY));
    expect_no_open("proc_sys_write", open("/proc/sys/kernel/core_pattern", O_WRONLY));
    expect_no_open("proc_via_dotdot", open("/tmp/../proc/self/mem", O_RDONLY));
    expect_no_open("proc_dir", open("/proc", O_RDONLY | O_DIRECTORY));
    expect_fail("proc_self_mem_stat", stat("/proc/self/mem", &st));
    expect_fail("proc_self_environ_access", access("/proc/self/environ", R_OK));
    expect_fail("readlink_proc_self_fd", readlink("/proc/self/fd/1", buf, sizeof buf));
    expect_fail("readlink_proc_self_cwd", readlink("/proc/self/cwd", buf, sizeof buf));
    expect_fail("readlink_proc_self_root", readlink("/proc/self/root", buf, sizeof buf));
    /* Relative symlinks that reach /proc beneath `--ro /`: refused by file system. */
    expect_no_open("symlink_to_proc_mem", open(path(ro, "procmem"), O_RDONLY));
    expect_no_open("symlink_to_proc_environ", open(path(ro, "procenv"), O_RDONLY));
    expect_no_open("sys_file", open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY));
    expect_no_open("sys_write", open("/sys/kernel/uevent_helper", O_WRONLY));
    expect_no_open("sys_dir", open("/sys", O_RDONLY | O_DIRECTORY));
    expect_no_open("dev_zero", open("/dev/zero", O_RDONLY));
    expect_no_open("dev_urandom", open("/dev/urandom", O_RDONLY));
    expect_no_open("dev_fd", open("/dev/fd/0", O_RDONLY));
    expect_no_open("dev_stdout", open("/dev/stdout", O_RDONLY));
    expect_no_open("symlink_to_dev_zero", open(path(ro, "devzero"), O_RDONLY));
    control("dev_null", opened(open("/dev/null", O_RDWR)));
    control("proc_self_exe", opened(open("/proc/self/exe", O_RDONLY)));
    control("readlink_proc_self_exe", readlink("/proc/self/exe", buf, sizeof buf) > 0);
}

/* ---- host processes and signals ---------------------------------------------------- */

static void processes(void) {
    char word[8];
    struct iovec local = {word, sizeof word}, remote = {(void *)0x10000, sizeof word};
    expect_fail("kill_init", kill(1, 0));
    expect_fail("kill_host_pid", kill(host_pid, 0));
    expect_fail("kill_parent", kill(getppid(), 0));
    expect_fail("kill_all", kill(-1, 0));
    expect_fail("kill_host_group", kill(-host_pid, 0));
    expect_fail("tkill_host", syscall(SYS_tkill, host_pid, 0));
    expect_fail("tkill_init", syscall(SYS_tkill, 1, 0));
    expect_fail("tgkill_host", syscall(SYS_tgkill, host_pid, host_pid, 0));
    expect_fail("tgkill_other_thread", syscall(SYS_tgkill, getpid(), 1, 0));
    expect_fail("rt_sigqueueinfo_host", syscall(SYS_rt_sigqueueinfo, host_pid, SIGCONT, NULL));
    expect_fail("ptrace_attach", ptrace(PTRACE_ATTACH, host_pid, 0, 0));
    expect_fail("ptrace_traceme", ptrace(PTRACE_TRACEME, 0, 0, 0));
    expect_fail("process_vm_readv", process_vm_readv(host_pid, &local, 1, &remote, 1, 0));
    expect_fail("process_vm_writev", process_vm_writev(host_pid, &local, 1, &remote, 1, 0));
    expect_fail("pidfd_open", syscall(SYS_pidfd_open, host_pid, 0));
    expect_fail("pidfd_send_signal", syscall(SYS_pidfd_send_signal, 3, 0, NULL, 0));
    expect_fail("pidfd_getfd", syscall(SYS_pidfd_getfd, 3, 3, 0));
    expect_fail("kcmp", syscall(SYS_kcmp, getpid(), host_pid, 0, 0, 0));
    char *argv[] = {"/bin/sh", "-c", "echo EXECUTED", NULL};
    expect_fail("execve", execve("/bin/sh", argv, NULL));
    expect_fail("execveat", syscall(SYS_execveat, AT_FDCWD, "/bin/sh", argv, NULL, 0));
    expect_fail("fork", fork());
    expect_fail("vfork", syscall(SYS_vfork));
    expect_fail("clone_process", syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0));
    expect_fail("unshare", unshare(CLONE_NEWUSER));
    control("kill_self", kill(getpid(), 0) == 0);
}

/* ---- the network ------------------------------------------------------------------- */

static void network(void) {
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(9), .sin_addr = {htonl(0x7f000001)}};
    struct sockaddr_un un = {.sun_family = AF_UNIX, .sun_path = "\0fvemu-escape"};
    socklen_t len = sizeof in;
    int one = 1, pair[2];
    char b[4] = "x";
    struct iovec iov = {b, 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    struct mmsghdr mmsg = {.msg_hdr = msg};
    expect_fail("socket_inet", socket(AF_INET, SOCK_STREAM, 0));
    expect_fail("socket_inet6", socket(AF_INET6, SOCK_DGRAM, 0));
    expect_fail("socket_unix", socket(AF_UNIX, SOCK_STREAM, 0));
    expect_fail("socket_netlink", socket(AF_NETLINK, SOCK_RAW, 0));
    expect_fail("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
    expect_fail("connect", connect(0, (struct sockaddr *)&in, sizeof in));
    expect_fail("connect_abstract_unix", connect(0, (struct sockaddr *)&un, sizeof un));
    expect_fail("bind", bind(0, (struct sockaddr *)&in, sizeof in));
    expect_fail("listen", listen(0, 1));
    expect_fail("accept", accept(0, NULL, NULL));
    expect_fail("accept4", accept4(0, NULL, NULL, 0));
    expect_fail("sendto", sendto(1, b, 1, 0, (struct sockaddr *)&in, sizeof in));
    expect_fail("recvfrom", recvfrom(0, b, 1, MSG_DONTWAIT, NULL, NULL));
    expect_fail("sendmsg", sendmsg(1, &msg, 0));
    expect_fail("recvmsg", recvmsg(0, &msg, MSG_DONTWAIT));
    expect_fail("sendmmsg", sendmmsg(1, &mmsg, 1, 0));
    expect_fail("recvmmsg", recvmmsg(0, &mmsg, 1, MSG_DONTWAIT, NULL));
    expect_fail("getsockopt", getsockopt(0, SOL_SOCKET, SO_TYPE, &one, &len));
    expect_fail("setsockopt", setsockopt(0, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    expect_fail("shutdown", shutdown(0, SHUT_RDWR));
    expect_fail("getsockname", getsockname(0, (struct sockaddr *)&in, &len));
    expect_fail("getpeername", getpeername(0, (struct sockaddr *)&in, &len));
#ifdef SYS_socketcall
    /* i386's multiplexer, whatever glibc's wrappers use: socketcall(SYS_SOCKET, args). */
    long args[3] = {AF_INET, SOCK_STREAM, 0};
    expect_fail("socketcall_socket", syscall(SYS_socketcall, 1, args));
    long cargs[3] = {0, (long)&in, sizeof in};
    expect_fail("socketcall_connect", syscall(SYS_socketcall, 3, cargs));
#endif
#if defined(SYS_socket) && defined(SYS_socketcall)
    expect_fail("socket_direct_syscall", syscall(SYS_socket, AF_INET, SOCK_STREAM, 0));
#endif
#ifdef SYS_send
    /* ARM EABI's own send and recv numbers. */
    expect_fail("send_syscall", syscall(SYS_send, 1, b, 1, 0));
    expect_fail("recv_syscall", syscall(SYS_recv, 0, b, 1, MSG_DONTWAIT));
#endif
}

/* ---- what a confined guest may do ------------------------------------------------- */

static int read_is(const char *file, const char *want) {
    char buf[64] = {0};
    const int fd = open(file, O_RDONLY);
    if (fd < 0) return 0;
    const ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n == (ssize_t)strlen(want) && memcmp(buf, want, (size_t)n) == 0;
}

static void controls(void) {
    control("ro_read", read_is(path(ro, "data.txt"), "ro-data\n"));
    control("ro_symlink_inside", read_is(path(ro, "inner"), "ro-data\n"));
    control("ro_dotdot_inside", read_is(path(ro, "sub/deep/../../data.txt"), "ro-data\n"));
    control("rw_read_relative", read_is("file.txt", "rw-data\n"));
    const int fd = open(path(rw, "created_by_guest.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    control("rw_create", fd >= 0 && write(fd, "guest-wrote\n", 12) == 12 && close(fd) == 0);
    control("rw_unlink", unlink(path(rw, "to_delete.txt")) == 0);
    control("nested_ro_read", read_is(path(rw, "nested_ro/data.txt"), "nested\n"));
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s confined|host-root RO RW OUTSIDE HOST_PID\n", argv[0]);
        return 3;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    ro = argv[2];
    rw = argv[3];
    outside = argv[4];
    host_pid = atoi(argv[5]);
    host_fds();
    if (strcmp(argv[1], "confined") == 0) {
        dot_dot();
        symlinks();
        directory_fds();
        modifications();
        read_only_root();
        processes();
        network();
        controls();
    }
    kernel_interfaces();
    return escaped ? 1 : broken ? 2 : 0;
}
