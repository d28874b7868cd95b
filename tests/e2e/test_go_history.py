"""Go's func-value ABI across its history (docs/history.md "Go's history"): programs
built by toolchains of every era, from golang/go 1903ad7 (2013) on, run on 386, amd64,
arm5 and arm7 with the output of the same program built by the same toolchain for amd64
and run natively, and `fvemu check --profile auto` takes the era's profile and reports
nothing.

The programs: every case in cases/go that the toolchain compiles for amd64, and the
closure, func, method, defer, recover and reflect programs of the toolchain's own
test/ directory (`// run` and `// cmpout`, with its .out file when it has one).

The toolchains are not the project's: name them in FVEMU_GOROOTS="NAME=GOROOT ...", each
built for amd64, 386 and arm with CGO_ENABLED=0 (DEVELOPERS.md says what one needs).
Without it, every test here is skipped; CI guards the same logic with
cases/native/runtime and cases/bad/runtime (test_check.py) and Debian's toolchains
(test_matrix.py)."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

import cases as C

TARGETS = ("386", "amd64", "arm5", "arm7")
GOARCH = {"386": ("386", None), "amd64": ("amd64", None), "arm5": ("arm", "5"), "arm7": ("arm", "7")}
TEST_PROGRAMS = re.compile(r"^(closure|func|method|defer|recover|reflect)[^/]*\.go$")
# The profiles each historic commit's programs may be checked with (docs/rules.md,
# "Telling a program's era"); releases and devel trees after 9f64728 are `go`. 6066fdc's
# runtime is 9f64728's on x86: without runtime.closure (no capturing closure) its
# programs are taken for go, whose site rule is step 1's on DX.
ERA = {"1903ad7": {"*": ("go-step1",)},
       "6066fdc": {"386": ("go-step1-dx", "go"), "amd64": ("go-step1-dx", "go"),
                   "arm5": ("go-step1",), "arm7": ("go-step1",)}}


def goroots() -> list[tuple[str, Path]]:
    try:
        return C.goroots()
    except ValueError as e:
        raise pytest.UsageError(str(e)) from None


pytestmark = pytest.mark.skipif(
    not goroots(), reason="FVEMU_GOROOTS is unset: no historic Go toolchains to test "
                          "(NAME=GOROOT ..., docs/history.md \"Your own toolchain\")")


def go_env(root: Path, target: str, cache: Path) -> dict:
    goarch, goarm = GOARCH[target]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GO") or k in ("GOCACHE",)}
    env.update(GOROOT=str(root), GOOS="linux", GOARCH=goarch, CGO_ENABLED="0",
               GOPATH=str(cache / "gopath"), GO111MODULE="off")
    env.setdefault("GOCACHE", str(cache / "gocache"))
    if goarm:
        env["GOARM"] = goarm
    return env


def build(root: Path, target: str, source: Path, out: Path) -> bool:
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and out.stat().st_mtime >= source.stat().st_mtime:
        return True
    p = subprocess.run([str(root / "bin" / "go"), "build", "-o", str(out), str(source)],
                       env=go_env(root, target, out.parent.parent), cwd=source.parent,
                       capture_output=True, timeout=300)
    return p.returncode == 0


def programs(root: Path) -> list[Path]:
    own = sorted(p for p in (root / "test").glob("*.go") if TEST_PROGRAMS.match(p.name)
                 and re.match(r"// (run|cmpout)\s*$", p.read_text(errors="replace").split("\n", 1)[0]))
    return sorted((C.SOURCE / "cases" / "go").glob("*.go")) + own


def params():
    for name, root in goroots():
        for source in programs(root):
            label = ("test/" if source.parent.name == "test" else "cases/go/") + source.stem
            yield pytest.param(name, root, source, id=f"{name}-{label}")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("go-history")


@pytest.mark.parametrize("name,root,source", list(params()))
def test_every_era_runs_and_checks_clean(name, root, source, workdir):
    out = workdir / name
    native = out / "amd64" / source.stem
    if not build(root, "amd64", source, native):
        pytest.skip(f"{name} does not compile {source.name}")
    try:
        reference = subprocess.run([str(native)], cwd=source.parent, capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.skip(f"natively, {name}'s {source.name} does not finish in 120 s")
    golden = source.with_suffix(".out")
    if golden.exists():  # test/run.go compares the combined output
        combined = subprocess.run([str(native)], cwd=source.parent, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, timeout=120).stdout
        assert combined == golden.read_bytes(), f"native run differs from {golden}"
    failures = []
    for target in TARGETS:
        binary = out / target / source.stem
        assert build(root, target, source, binary), f"{name} builds {source.name} for amd64, not {target}"
        stdout = out / target / (source.stem + ".stdout")
        r = subprocess.run([str(C.FVEMU), "check", "--json", "--stdout", str(stdout),
                            "--timeout", "300", str(binary)], cwd=source.parent,
                           capture_output=True, text=True, timeout=600)
        try:
            report = json.loads(r.stdout)
        except json.JSONDecodeError:
            failures.append(f"{target}: no report (exit {r.returncode}): {r.stderr[-400:]}")
            continue
        if stdout.read_bytes() != reference.stdout:
            failures.append(f"{target}: output differs from the native amd64 run")
        if report["exit_status"] != reference.returncode:
            failures.append(f"{target}: exit {report['exit_status']}, native {reference.returncode}")
        era = ERA.get(name, {})
        want = era.get(target, era.get("*", ("go",)))
        if report["profile"] not in want:
            failures.append(f"{target}: profile {report['profile']}, want {want}: "
                            f"{report['profile_reason']}")
        for v in report["violations"]:
            failures.append(f"{target}: {v['rule']} at {v['site_symbol']} -> {v['callee_symbol']}: "
                            f"{v['what']}")
    assert not failures, "\n".join(failures)
