"""`fvemu run` as a user meets it: the exit status contract, the one-line reports,
the guest's environment and files, determinism, and --strace."""

import os
import re
import subprocess
import time

import pytest

import cases as C

CASES = {c.name: c for c in C.discover()}
ARCHES = ("386", "amd64", "arm")


def fvemu(*args, cwd=None, timeout=60):
    return subprocess.run([str(C.FVEMU), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


def binary(name, target="amd64"):
    """A program built by cmake/Cases.cmake (cases/native or bench/)."""
    return C.BUILD / "cases" / target / name


@pytest.mark.parametrize("target", ARCHES)
def test_null_write_is_reported_as_sigsegv(target):
    r = fvemu("run", binary("null_write", target))
    assert r.returncode == 139
    assert r.stdout == "about to write NULL\n"
    line = r.stderr.strip()
    assert re.fullmatch(r"fvemu: guest killed by SIGSEGV at pc=0x[0-9a-f]+ \(main\+0x[0-9a-f]+\), "
                        r"fault address 0x0", line), line


def address_of(mnemonic, program, target):
    """Address of the first `mnemonic` instruction in main, from objdump."""
    objdump = "arm-linux-gnueabihf-objdump" if target.startswith("arm") else "objdump"
    dump = subprocess.run([objdump, "-d", "--disassemble=main", str(program)],
                          capture_output=True, text=True, check=True).stdout
    for line in dump.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[2].split()[0] == mnemonic:
            return int(fields[0].strip().rstrip(":"), 16)
    raise AssertionError(f"no {mnemonic} in main of {program}")


@pytest.mark.parametrize("target,insn", [("386", "ud2"), ("amd64", "ud2"), ("arm", "udf"),
                                         ("arm-a32", "udf")])
def test_illegal_instruction_is_reported_as_sigill_with_its_address_and_text(target, insn):
    prog = binary("illegal_instruction", target)
    r = fvemu("run", prog)
    assert r.returncode == 132
    pc = address_of(insn, prog, target)
    assert re.fullmatch(rf"fvemu: guest killed by SIGILL at pc={pc:#x} \(main\+0x[0-9a-f]+\): "
                        rf"{insn}( #0)?", r.stderr.strip()), r.stderr


@pytest.mark.parametrize("target", ["386", "amd64"])
def test_divide_by_zero_is_reported_as_sigfpe_at_the_idiv(target):
    prog = binary("divide_by_zero", target)
    r = fvemu("run", prog, 0)
    assert (r.returncode, r.stdout) == (136, "dividing 42 by 0\n")
    pc = address_of("idiv", prog, target)
    assert r.stderr.strip() == f"fvemu: guest killed by SIGFPE at pc={pc:#x} (main+{pc - address_of_symbol(prog, 'main'):#x})"


def address_of_symbol(program, name):
    out = subprocess.run(["nm", str(program)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        addr, _, sym = line.split()
        if sym == name:
            return int(addr, 16)
    raise AssertionError(name)


@pytest.mark.parametrize("target", ARCHES)
def test_instruction_limit_kills_with_sigxcpu(target):
    r = fvemu("run", "--max-insns", 100000, binary("compute", target), 1000000)
    assert r.returncode == 152
    assert re.fullmatch(r"fvemu: guest killed by SIGXCPU at pc=0x[0-9a-f]+( \(.*\))?: "
                        r"instruction limit of 100000 reached", r.stderr.strip()), r.stderr


def test_time_limit_kills_with_sigxcpu():
    r = fvemu("run", "--timeout", "0.5", binary("compute"), 100000000)
    assert r.returncode == 152
    assert "time limit of 0.5s reached" in r.stderr


def test_time_limit_ends_a_guest_blocked_in_a_host_read():
    # The guest waits on a pipe nobody writes to: without the watchdog, a hang.
    p = subprocess.Popen([str(C.FVEMU), "run", "--timeout", "0.5", str(binary("cat_stdin"))],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    try:
        p.wait(timeout=30)  # stdin stays open: communicate() would close it (EOF)
    finally:
        p.kill()
    assert p.returncode == 152
    assert "time limit of 0.5s reached" in p.stderr.read()


def test_stdin_reaches_the_guest():
    r = subprocess.run([str(C.FVEMU), "run", str(binary("cat_stdin", "arm"))], input="abc\n",
                       capture_output=True, text=True, timeout=60)
    assert (r.returncode, r.stdout) == (0, "abc\nread 4 bytes from stdin\nstdin ok\n")


def test_writing_to_a_closed_pipe_kills_the_guest_with_sigpipe():
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        r = subprocess.run([str(C.FVEMU), "run", str(binary("hello"))], stdout=write_end,
                           stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert r.returncode == 141
    assert r.stderr.startswith("fvemu: guest killed by SIGPIPE at pc=0x")


def test_virtual_clock_skips_sleeps():
    # 1000 s of guest sleep: the clock jumps to the deadline when every thread sleeps.
    r = fvemu("run", binary("sleeper", "arm"), 1000000, timeout=60)
    assert (r.returncode, r.stdout.splitlines()[-1]) == (0, "sleeper ok")


def test_realtime_sleeps_really_wait():
    started = time.monotonic()
    r = fvemu("run", "--realtime", binary("sleeper"), 300)
    assert r.returncode == 0 and "slept at least the requested time: yes" in r.stdout
    assert time.monotonic() - started >= 0.3  # a lower bound: the host really waited


def test_timeout_ends_a_realtime_sleep():
    r = fvemu("run", "--realtime", "--timeout", "0.3", binary("sleeper", "386"), 1000000)
    assert r.returncode == 152
    assert "time limit of 0.3s reached" in r.stderr


def test_exit_status_is_the_guests():
    r = fvemu("run", binary("exit_code"), 7)
    assert (r.returncode, r.stdout) == (7, "exiting with 7\n")


def test_missing_program_is_127():
    r = fvemu("run", "/nonexistent/prog")
    assert r.returncode == 127
    assert r.stderr == "fvemu: /nonexistent/prog: no such file\n"


@pytest.mark.parametrize("argv,message", [
    (["run"], "missing PROGRAM"),
    (["run", "--no-such-option", "x"], "no-such-option"),
    (["frobnicate"], "frobnicate"),
    (["run", "--arch", "mips", "x"], "mips"),
    (["run", "--max-insns", "lots", "x"], "lots"),
    (["run", "--floor", "--max-insns", "5", "x"], "--floor"),
])
def test_usage_errors_are_125(argv, message):
    r = fvemu(*argv)
    assert r.returncode == 125
    assert message in r.stderr
    assert r.stderr.startswith("fvemu: ")


def test_help_documents_the_exit_status():
    r = fvemu("run", "--help")
    assert r.returncode == 0
    for text in ("--ro", "--rw", "--max-insns", "--timeout", "--strace", "--inherit-env", "--realtime",
                 "128+N", "125", "127", "152"):
        assert text in r.stdout


def test_version_names_the_engines_it_runs_on():
    r = fvemu("--version")
    assert r.returncode == 0
    m = re.fullmatch(r"fvemu \(Unicorn (\d+)\.(\d+)\.\d+, Capstone \d+\.\d+\)\n", r.stdout)
    assert m, r.stdout
    assert (int(m.group(1)), int(m.group(2))) >= (2, 1)  # CMakeLists.txt requires 2.1


@pytest.mark.parametrize("program,target", [("hello", "amd64"), ("threads_select", "arm"),
                                            ("compute", "386")])
def test_floor_runs_programs_as_the_normal_run_does(program, target):
    # bench/run.py --floor: no block hook, so nothing counts instructions, and yet
    # the guest must run as it does normally (compute: one iteration's checksum).
    args = ["1"] if program == "compute" else []
    normal = fvemu("run", binary(program, target), *args)
    floor = fvemu("run", "--floor", binary(program, target), *args)
    assert normal.returncode == 0, normal.stderr
    assert (floor.returncode, floor.stdout) == (normal.returncode, normal.stdout)


def test_arch_mismatch_is_125():
    r = fvemu("run", "--arch", "arm", binary("hello"))
    assert r.returncode == 125
    assert "is for amd64, not arm (--arch)" in r.stderr


def test_guest_options_after_program_are_the_guests():
    r = fvemu("run", "--env", "FVEMU_CASE=x", binary("args_env"), "--strace", "-x", "y")
    assert r.returncode == 0
    assert "argv[1]=--strace" in r.stdout.splitlines()
    assert r.stderr == ""


def test_environment_is_only_what_env_gives():
    host = {**os.environ, "FVEMU_CASE": "from-host"}

    def guest_value(*flags):
        r = subprocess.run([str(C.FVEMU), "run", *flags, str(binary("args_env"))],
                           capture_output=True, text=True, env=host)
        return [l for l in r.stdout.splitlines() if l.startswith("FVEMU_CASE=")]

    assert guest_value() == ["FVEMU_CASE=(unset)"]
    assert guest_value("--inherit-env") == ["FVEMU_CASE=from-host"]
    assert guest_value("--inherit-env", "--env", "FVEMU_CASE=flag") == ["FVEMU_CASE=flag"]
    assert guest_value("--env", "FVEMU_CASE=a", "--env", "FVEMU_CASE=b") == ["FVEMU_CASE=b"]


@pytest.mark.parametrize("target", ARCHES)
def test_file_outside_ro_dirs_is_denied(target):
    case = CASES["readfile"]
    r = C.run_fvemu(C.Case(**{**case.__dict__, "ro": []}), target)
    assert r.exit == 2
    assert r.stdout == b"open failed: Permission denied\n"


@pytest.mark.parametrize("target", ARCHES)
def test_writes_need_a_rw_dir(tmp_path, target):
    exe = binary("writefile", target)
    ok = fvemu("run", "--rw", tmp_path, exe, tmp_path)
    assert ok.returncode == 0 and "writefile ok" in ok.stdout, ok.stdout + ok.stderr
    assert list(tmp_path.iterdir()) == []  # unlinked again
    ro = fvemu("run", "--ro", tmp_path, exe, tmp_path)
    assert (ro.returncode, ro.stdout) == (2, "open failed: Read-only file system\n")
    outside = fvemu("run", exe, tmp_path)
    assert (outside.returncode, outside.stdout) == (2, "open failed: Permission denied\n")
    assert list(tmp_path.iterdir()) == []


def test_ro_dir_must_exist():
    r = fvemu("run", "--ro", "/nonexistent-dir", binary("hello"))
    assert r.returncode == 125
    assert r.stderr == "fvemu: --ro directory /nonexistent-dir: not an existing directory\n"


@pytest.mark.parametrize("target", ARCHES)
def test_unsupported_syscalls_are_reported_once_by_name(target):
    r = fvemu("run", binary("unsupported_syscall", target))
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    named = [l for l in lines if "unsupported syscall io_setup" in l]
    unknown = [l for l in lines if "unknown syscall number 999" in l]
    assert len(named) == 1 and len(unknown) == 1, r.stderr
    assert re.fullmatch(rf"fvemu: unsupported syscall io_setup \(number \d+, {target}\): "
                        r"returning ENOSYS", named[0])


def test_strace_prints_each_syscall():
    r = fvemu("run", "--strace", binary("hello"))
    assert r.returncode == 0
    assert r.stdout == "hello, world\n"
    assert re.search(r'^\[1000\] write\(1, "hello, world\\n", 13\) = 13$', r.stderr, re.M), r.stderr
    assert re.search(r"^\[1000\] exit_group\(0\) = 0$", r.stderr, re.M)
    assert re.search(r"^\[1000\] brk\(NULL\) = 0x[0-9a-f]+$", r.stderr, re.M)


@pytest.mark.parametrize("target", ARCHES)
def test_runs_are_deterministic(target):
    # Same binary, arguments and seed: same output, including clock and random reads.
    outs = {fvemu("run", "--strace", "--seed", 5, binary("malloc_heavy", target)).stderr
            for _ in range(2)}
    assert len(outs) == 1


def test_seed_changes_the_random_bytes():
    # AT_RANDOM seeds glibc's stack protector canary and pointer guard; getrandom feeds
    # malloc's tcache randomisation. Different seeds must show different bytes.
    dumps = []
    for seed in (1, 1, 2):
        r = fvemu("run", "--seed", seed, binary("random_bytes"))
        assert r.returncode == 0, r.stderr
        dumps.append(r.stdout)
    assert dumps[0] == dumps[1]
    assert dumps[0] != dumps[2]
