"""fvemu's limits and its crash safety, as a user meets them: a guest that storms
(mmap, memory, brk, splitting mappings, threads, forks, files, output) is stopped the
way Linux stops it, with one note on stderr and no harm to the host; and the JSON
Lines trace and the check report stay whole and closed when the guest crashes, hits a
limit, or fvemu itself gets SIGINT, SIGTERM or SIGHUP. The guest program is
tests/limits/storms.c, which checks itself."""

import json
import re
import signal
import subprocess
import time

import pytest

import cases as C

ARCHES = ("386", "amd64", "arm")
# Arch -> the backed mappings a guest may have (Arch::max_mappings).
MAX_MAPPINGS = {"386": 1024, "amd64": 1024, "arm": 512}


def storms(arch):
    return C.BUILD / "limits" / arch / "storms"


def fvemu(*args, timeout=300, **kw):
    return subprocess.run([str(C.FVEMU), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, **kw)


def stopped(r, what):
    """(count, errno name) from the storm's one line; asserts it exited 0 (stopped the
    way it expected)."""
    assert r.returncode == 0, (r.stdout, r.stderr)
    m = re.fullmatch(rf"{what}: (\d+), then (\S+)\n", r.stdout)
    assert m, r.stdout
    return int(m.group(1)), m.group(2)


@pytest.mark.parametrize("arch", ARCHES)
def test_mmap_storm_ends_at_the_mapping_limit(arch):
    r = fvemu("run", storms(arch), "mmap")
    count, err = stopped(r, "mmap")
    assert err == "ENOMEM"
    # The program's own mappings (image, stack, heap) take the few that are missing.
    assert MAX_MAPPINGS[arch] - 16 <= count < MAX_MAPPINGS[arch]
    assert r.stderr == (f"fvemu: guest mapping limit of {MAX_MAPPINGS[arch]} mappings reached: "
                        "mapping returns ENOMEM\n")


@pytest.mark.parametrize("arch", ARCHES)
@pytest.mark.parametrize("mode,per_cut", [("holes", 1), ("split", 2)])
def test_cutting_a_mapping_into_pieces_ends_at_the_mapping_limit(arch, mode, per_cut):
    count, err = stopped(fvemu("run", storms(arch), mode), mode)
    assert err == "ENOMEM"
    # munmap of a page in the middle makes two mappings of one; mprotect makes three.
    assert MAX_MAPPINGS[arch] - 16 <= count * per_cut < MAX_MAPPINGS[arch]


@pytest.mark.parametrize("arch", ARCHES)
@pytest.mark.parametrize("mode,step_mib", [("memory", 16), ("brk", 1)])
def test_memory_storm_ends_at_max_memory(arch, mode, step_mib):
    r = fvemu("run", "--max-memory", "256M", storms(arch), mode)
    count, err = stopped(r, mode)
    assert err == "ENOMEM"
    # All it got, plus the program and its 8 MiB stack, fits in 256 MiB.
    assert 256 - 8 - 2 * step_mib - 4 <= count * step_mib <= 256 - 8
    assert r.stderr == ("fvemu: guest memory limit of 256 MiB reached (--max-memory): "
                        "mapping returns ENOMEM\n")


@pytest.mark.parametrize("arch", ARCHES)
def test_default_max_memory_holds_and_can_be_lifted(arch):
    # 32-bit guests run out of address space first; amd64 meets the 4 GiB default.
    r = fvemu("run", storms(arch), "memory")
    count, err = stopped(r, "memory")
    assert err == "ENOMEM" and count * 16 < 4096
    if arch == "amd64":
        assert "guest memory limit of 4 GiB reached" in r.stderr
        count, _ = stopped(fvemu("run", "--max-memory", "5G", storms(arch), "memory"), "memory")
        assert 4096 <= count * 16 < 5120


@pytest.mark.parametrize("arch", ARCHES)
def test_thread_storm_ends_at_max_threads(arch):
    r = fvemu("run", "--max-threads", "64", storms(arch), "threads")
    count, err = stopped(r, "threads")
    assert (count, err) == (63, "EAGAIN")  # the main thread is the 64th
    assert r.stderr == ("fvemu: guest thread limit of 64 reached (--max-threads): clone returns "
                        "EAGAIN\n")


@pytest.mark.parametrize("arch", ARCHES)
def test_threads_that_end_do_not_count(arch):
    r = fvemu("run", "--max-threads", "4", storms(arch), "churn")
    assert (r.returncode, r.stdout) == (0, "churn: 20000, then no error\n"), r.stderr


@pytest.mark.parametrize("arch", ARCHES)
def test_fork_bomb_makes_no_process(arch):
    r = fvemu("run", storms(arch), "fork")
    assert r.returncode == 0, r.stdout
    assert r.stdout == "fork: 0 children, then ENOSYS\n"


@pytest.mark.parametrize("arch", ARCHES)
def test_file_storm_ends_at_max_files(arch):
    r = fvemu("run", "--max-files", "64", storms(arch), "files")
    assert stopped(r, "files") == (61, "EMFILE")  # 0, 1 and 2 are open
    assert r.stderr == "fvemu: guest open file limit of 64 reached (--max-files): EMFILE\n"


@pytest.mark.parametrize("arch", ARCHES)
def test_output_flood_is_killed_at_max_output(arch, tmp_path):
    out = tmp_path / "out"
    r = fvemu("run", "--max-output", "10K", "--stdout", out, storms(arch), "output")
    assert r.returncode == 128 + signal.SIGXFSZ, r.stderr
    assert out.stat().st_size == 10240  # what fitted was written, then nothing
    assert re.fullmatch(r"fvemu: guest killed by SIGXFSZ at pc=0x[0-9a-f]+ \(\S+\): "
                        r"output limit of 10 KiB reached \(--max-output\)\n", r.stderr), r.stderr


def test_limits_are_checked_as_options():
    for args, what in [(["--max-memory", "lots"], "--max-memory"),
                       (["--max-threads", "0"], "--max-threads"),
                       (["--max-files", "2"], "--max-files")]:
        r = fvemu("run", *args, storms("amd64"), "fork")
        assert r.returncode == 125 and what in r.stderr, r.stderr
    r = fvemu("run", "--max-memory", "1M", storms("amd64"), "fork")
    assert r.returncode == 125
    assert r.stderr.endswith("--max-memory 1 MiB is too small to load the program and its "
                             "8 MiB stack\n")


def read_trace(path):
    """The events and the closing line of a JSON Lines trace; every line must parse."""
    lines = path.read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert all("seq" in r for r in records[:-1]) and "end" in records[-1], records[-3:]
    return records[:-1], records[-1]


@pytest.mark.parametrize("arch", ARCHES)
def test_trace_is_closed_when_the_guest_crashes_or_hits_a_limit(arch, tmp_path):
    out = tmp_path / "t.jsonl"
    r = fvemu("trace", "--out", out, C.BUILD / "cases" / arch / "null_write")
    assert r.returncode == 139
    events, end = read_trace(out)
    assert end["end"] == "killed" and end["signal"] == "SIGSEGV" and end["status"] == 139
    assert end["events"] == len(events) and end["instructions"] > 0
    r = fvemu("trace", "--out", out, "--max-insns", "200000", storms(arch), "spin")
    assert r.returncode == 152
    events, end = read_trace(out)
    assert (end["signal"], end["detail"]) == ("SIGXCPU", "instruction limit of 200000 reached")
    assert end["events"] == len(events) > 100
    assert end["instructions"] >= 200000


def start(args, **kw):
    # A shell's background job may have SIGINT ignored, and the child would inherit it.
    return subprocess.Popen([str(C.FVEMU), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kw)


def wait_for_output(path, proc):
    deadline = time.monotonic() + 60
    while (not path.exists() or path.stat().st_size == 0) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)


@pytest.mark.parametrize("arch", ARCHES)
@pytest.mark.parametrize("signo", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_trace_is_closed_when_fvemu_is_signalled(arch, signo, tmp_path):
    out = tmp_path / "t.jsonl"
    proc = start(["trace", "--out", out, storms(arch), "spin"])
    wait_for_output(out, proc)
    proc.send_signal(signo)
    _, stderr = proc.communicate(timeout=60)
    name = signal.Signals(signo).name
    assert proc.returncode == 128 + signo, stderr
    assert f"guest killed by {name}" in stderr and f"fvemu received {name}" in stderr
    events, end = read_trace(out)
    assert (end["end"], end["signal"], end["status"]) == ("killed", name, 128 + signo)
    assert end["events"] == len(events) > 0


@pytest.mark.parametrize("arch", ARCHES)
def test_a_guest_blocked_in_a_host_call_ends_on_sigterm(arch, tmp_path):
    out = tmp_path / "t.jsonl"
    proc = start(["trace", "--out", out, "--kinds", "call", storms(arch), "block"],
                 stdin=subprocess.PIPE)  # nobody writes: read(2) blocks in the host
    wait_for_output(out, proc)
    time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    _, end = read_trace(out)
    assert end["signal"] == "SIGTERM"


def test_check_report_is_complete_when_fvemu_is_signalled(tmp_path):
    junit = tmp_path / "report.xml"
    proc = start(["check", "--json", "--junit", junit, "--profile", "go", "--stdout",
                  tmp_path / "guest.out", storms("amd64"), "spin"])
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=60)
    report = json.loads(stdout)
    assert report["exit_status"] == 143, report
    # A C program's calls break the go profile's rules: 10 says so, whatever the run did.
    assert proc.returncode == (10 if report["violations"] else 143), stderr
    assert "<testsuite" in junit.read_text()
