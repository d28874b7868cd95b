"""gosuite/testdir.py, the runner for Go's own test/ programs: the CI subset on every
target meets the goal, and each verdict (passed, failed output, failed conformance,
timed out, failed build, skipped) fires on programs made to earn it."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import cases as C
from conftest import SANITIZER_PYTHON_ENV, python_env

RUNNER = C.SOURCE / "gosuite" / "testdir.py"
GO_TEST_DIR = "/usr/share/go-1.19/test"
sys.path.insert(0, str(C.SOURCE / "gosuite"))
sys.path.insert(0, str(C.BUILD / "python"))


def run_testdir(*args, timeout=1800):
    return subprocess.run(["/usr/bin/python3", str(RUNNER), *args], cwd=C.BUILD,
                          env=python_env(dict(os.environ, FVEMU_BUILD=str(C.BUILD))),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=timeout)


# abi/fibish_closure.go runs about 80 s under fvemu (under 1 s natively), and 5x that
# under ASan + UBSan (the sanitizer build, whose module the runner loads), where it is
# left out: it exercises nothing the other 38 do not.
SANITIZED = bool(SANITIZER_PYTHON_ENV)
CI_SUBSET = ["--subset", "ci"] + (["--match", r"^(?!abi/fibish_closure\.go)"] if SANITIZED else [])


def test_ci_subset_passes_on_every_target_with_no_violation(tmp_path):
    # The limit leaves room for a loaded machine.
    p = run_testdir(*CI_SUBSET, "--runners", "fvemu,native", "-j", "2",
                    "--timeout", "600", "--json", str(tmp_path / "r.json"),
                    "--junit", str(tmp_path / "r.xml"))
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-2000:]
    n = 38 if SANITIZED else 39
    assert f"goal met: the {n} tests that pass natively on amd64 pass under fvemu" in p.stdout
    doc = json.loads((tmp_path / "r.json").read_text())
    fvemu = {s["target"]: s for s in doc["summary"] if s["runner"] == "fvemu"}
    assert set(fvemu) == {"386", "amd64", "arm7", "arm5"}
    for target, s in fvemu.items():
        ran = [o for o in doc["outcomes"] if o["runner"] == "fvemu" and o["target"] == target]
        assert s["passed"] == len(ran) > 0, target
    assert {o["test"] for o in doc["outcomes"]} >= {"closure.go", "recover.go",
                                                    "reflectmethod1.go"}
    assert ("abi/fibish_closure.go" in {o["test"] for o in doc["outcomes"]}) != SANITIZED
    suites = ET.parse(tmp_path / "r.xml").getroot().findall("testsuite")
    assert sorted(s.get("name") for s in suites) == [
        "fvemu.386", "fvemu.amd64", "fvemu.arm5", "fvemu.arm7", "native.386", "native.amd64"]
    assert all(s.get("failures") == "0" for s in suites)


SYNTHETIC = {
    "ok.go": ("// run", 'func main() { println("hello") }', "hello\n"),
    "args.go": ("// run a b", 'import "os"\n\nfunc main() { println(os.Args[1], os.Args[2]) }',
                "a b\n"),
    # stdout and stderr interleaved as written, as run.go's CombinedOutput sees them.
    "order.go": ("// run", 'import "fmt"\n\nfunc main() { fmt.Println(1); println(2); '
                           'fmt.Println(3) }', "1\n2\n3\n"),
    "wrong.go": ("// run", 'func main() { println("bye") }', "hello\n"),
    "exit.go": ("// run", 'import "os"\n\nfunc main() { os.Exit(3) }', None),
    "spin.go": ("// run", "func main() {\n\tfor {\n\t}\n}", None),
    "broken.go": ("// run", "func main() { undefined() }", None),
    "cgo.go": ("// run", 'import "C"\n\nfunc main() {}', None),
    "only386.go": ("// run\n\n//go:build 386", "func main() {}", None),
    "errorcheck.go": ("// errorcheck", "func main() {}", None),
    # Passes natively, not under fvemu, whose guest may not read outside --ro.
    "hostfile.go": ("// run", 'import "os"\n\nfunc main() {\n\tif _, err := '
                              'os.ReadFile("/etc/passwd"); err != nil {\n\t\tpanic(err)\n\t}\n}',
                    None),
}


@pytest.fixture
def synthetic_dir(tmp_path):
    d = tmp_path / "test"
    d.mkdir()
    for name, (header, body, out) in SYNTHETIC.items():
        (d / name).write_text(f"{header}\n\npackage main\n\n{body}\n")
        if out is not None:
            (d / name.replace(".go", ".out")).write_text(out)
    return d


def test_each_verdict_fires(synthetic_dir, tmp_path):
    p = run_testdir("--test-dir", str(synthetic_dir), "--targets", "amd64",
                    "--runners", "fvemu,native", "--timeout", "3", "-j", "2",
                    "--json", str(tmp_path / "r.json"), timeout=600)
    doc = json.loads((tmp_path / "r.json").read_text())
    got = {(o["runner"], o["test"]): o for o in doc["outcomes"]}
    assert "errorcheck.go" not in {o["test"] for o in doc["outcomes"]}
    expect = {"ok.go": "passed", "args.go": "passed", "order.go": "passed",
              "wrong.go": "failed (output)", "exit.go": "failed (output)",
              "spin.go": "timed out", "broken.go": "failed (build)", "cgo.go": "skipped",
              "only386.go": "skipped"}
    for runner in ("fvemu", "native"):
        for test, status in expect.items():
            assert got[(runner, test)]["status"] == status, (runner, got[(runner, test)])
    assert got[("fvemu", "exit.go")]["detail"].startswith("exit status 3")
    assert got[("fvemu", "cgo.go")]["detail"] == "needs cgo"
    assert got[("fvemu", "only386.go")]["detail"] == "not built for amd64 (//go:build 386)"
    assert got[("native", "hostfile.go")]["status"] == "passed"
    assert got[("fvemu", "hostfile.go")]["status"] == "failed (output)"
    # The goal is missed by exactly that one: the other failures fail natively too.
    assert p.returncode == 1, p.stdout
    assert "goal missed: 1 fvemu runs of the 4 tests that pass natively on amd64" in p.stdout
    assert "hostfile.go" in p.stdout.split("goal missed")[1]


def test_a_violation_is_failed_conformance(tmp_path):
    from runners import FAILED_CONFORMANCE, Runner
    from selection import Test
    from targets import TARGETS
    bad = C.BUILD / "runtime-bad" / "go" / "arm" / "jmpdefer_to_funcval"
    test = Test(str(tmp_path), "bad.go", "run", [], None, [], [], [], [])
    o = Runner(timeout=60).run("fvemu", test, TARGETS["arm7"], str(bad))
    assert o.status == FAILED_CONFORMANCE, o
    assert o.detail == "1 violation(s)" and "rule " in o.violations[0]


def test_selection_follows_run_go():
    import selection
    tests = {t.name: t for t in selection.all_tests(GO_TEST_DIR)}
    assert len(tests) > 900  # 934 `// run` programs in golang-1.19-src
    assert "fixedbugs/bug513.go" in tests  # `// run` with +build lines under it
    assert tests["fixedbugs/bug513.go"].skip_on("amd64").endswith("(// +build cgo)")
    assert tests["cmplxdivide.go"].extra_files == ["cmplxdivide1.go"]
    assert tests["args.go"].args == ["arg1", "arg2"]
    assert tests["fixedbugs/issue46903.go"].skip_on("amd64") == \
        "not built for amd64 (//go:build goexperiment.unified)"
    assert all(t.skip == "needs the race detector (-race)"
               for t in tests.values() if "-race" in open(t.path).readline())


@pytest.mark.parametrize("args,message", [
    (["--targets", "mips"], "--targets: unknown 'mips'"),
    (["--runners", "bochs"], "--runners: unknown 'bochs'"),
    (["--test-dir", "/nonexistent"], "--test-dir /nonexistent: not a directory"),
    (["-j", "0"], "-j must be at least 1"),
    (["--timeout", "0"], "--timeout must be more than 0"),
    (["--match", "("], "--match (: missing ), unterminated subpattern"),
])
def test_usage_errors(args, message):
    p = run_testdir(*args, timeout=60)
    assert p.returncode == 2 and message in p.stderr, p.stderr


def test_list(tmp_path):
    p = run_testdir("--list", "--match", "^closure", timeout=60)
    assert p.returncode == 0
    assert p.stdout.split() == ["closure.go", "closure1.go", "closure2.go", "closure4.go",
                                "closure7.go"]
