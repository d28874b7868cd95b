"""bench/: its programs compute what they say, and bench/run.py runs as
bench/README.md says (on a tiny workload: timings belong in bench/README.md's
figures, never here)."""

import re
import subprocess
import sys

import pytest

import cases as C

RUN_PY = C.SOURCE / "bench" / "run.py"


def bench(*args):
    return subprocess.run([sys.executable, str(RUN_PY), "--build", str(C.BUILD), *args],
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("target", ["386", "amd64", "arm7"])
def test_go_heavy_meets_its_expectations(target):
    case = C.parse_case(C.SOURCE / "bench" / "go_heavy.go", C.GO_TARGETS, "go")
    r = subprocess.run(C.fvemu_command(case, target), capture_output=True, timeout=300,
                       cwd=case.source.parent)
    assert C.Outcome(r.returncode, r.stdout, r.stderr).problems(case) == [], r.stderr


def test_compute_table_has_fvemu_floor_and_qemu():
    r = bench("--iterations", "1", "--repeat", "1", "--targets", "amd64,arm")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "fvemu (Unicorn 2." in lines[0] and "qemu-x86_64 version" in lines[0]
    assert "| fvemu median s | floor median s | qemu-user median s |" in r.stdout
    for target in ("amd64", "arm"):
        row = next(l for l in lines if l.startswith(f"| {target} | 1 |"))
        assert re.search(r"\| [0-9.]+ (ok|\*\*over\*\*)|\*\*[0-9.]+ over\*\*", row), row


@pytest.mark.parametrize("argv,message", [
    (["--targets", "mips"], "unknown target"),
    (["--repeat", "0"], "--repeat"),
    (["--go", "--iterations", "3"], "--go takes neither"),
    (["--trace"], "--trace needs --go"),
])
def test_bad_arguments_exit_2(argv, message):
    r = bench(*argv)
    assert r.returncode == 2
    assert message in r.stderr
