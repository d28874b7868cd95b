"""`fvemu matrix`: builds and runs cases on every target and judges each cell by the
case's own expectations; a case whose expectations are not met fails its cell and the
whole matrix; the HTML page holds the table and the evidence side by side."""

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import cases as C
from conftest import SANITIZER_PYTHON_ENV

SANITIZED = bool(SANITIZER_PYTHON_ENV)  # the sanitizer build's run of the suite


def matrix(*args, cwd=None, timeout=900):
    env = dict(os.environ, GOCACHE=str(C.BUILD / "go-cache"))
    return subprocess.run([str(C.FVEMU), "matrix", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env=env)


def test_bad_cases_are_caught_on_every_arch(tmp_path):
    html = tmp_path / "m.html"
    r = matrix("--arches", "386,amd64,arm7", "--cache", tmp_path / "cache", "--html", html,
               C.SOURCE / "cases" / "bad")
    assert r.returncode == 0, r.stdout + r.stderr
    # 50 per-arch (go-step1-dx is x86 only), 24 on fvrt: 16 on broken builds, 8 beside C calls
    assert "matrix: 74 cells: 74 ok, 0 failed" in r.stdout
    page = html.read_text()
    assert page.count('class="ok"') == 74 and "rule" not in page.split("<h2>")[0]
    assert "entry _start+0x11 -&gt; closure_a" in page  # amd64's evidence, side by side
    # Each checked cell says which profile it was checked with, and why.
    assert 'title="profile go-step1: named with --profile"' in page
    assert 'title="profile go-step1-dx: named with --profile"' in page


def test_a_case_that_misses_its_expectations_fails(tmp_path):
    cases = tmp_path / "cases" / "amd64"
    cases.mkdir(parents=True)
    source = (C.SOURCE / "cases" / "bad" / "amd64" / "ctx_clobbered.S").read_text()
    # Drop one expected violation: the checker still reports it, so the cell fails.
    (cases / "ctx_clobbered.S").write_text(
        "".join(l for l in source.splitlines(True) if not l.startswith("//! violation: site")))
    (cases / "hello.c").write_text('//! exit: 0\n//! stdout: hello\n#include <stdio.h>\n'
                                   'int main(void) { puts("goodbye"); return 0; }\n')
    r = matrix("--arches", "amd64", "--cache", tmp_path / "cache", tmp_path / "cases")
    assert r.returncode == 1
    assert "ABI 2" in r.stdout and "OUTPUT" in r.stdout
    assert "2 violation(s) reported, 1 expected" in r.stdout
    assert "no stdout line 'hello'" in r.stdout


def test_go_cases_build_and_conform(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(C.SOURCE / "cases" / "go" / "closures.go", cases)
    r = matrix("--arches", "386,arm5", "-j", "2", "--cache", tmp_path / "cache", cases)
    assert r.returncode == 0, r.stdout + r.stderr
    row = next(l for l in r.stdout.splitlines() if l.startswith("closures"))
    assert row.split()[1:3][0] == "ok" and int(row.split()[2]) > 100


def test_junit_and_the_call_sequences_side_by_side(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(C.SOURCE / "cases" / "go" / "closures.go", cases)
    html, junit = tmp_path / "m.html", tmp_path / "m.xml"
    r = matrix("--arches", "386,amd64,arm7", "--cache", tmp_path / "cache", "--html", html,
               "--junit", junit, "--site", r"^main\.callTwice", cases)
    assert r.returncode == 0, r.stdout + r.stderr
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "3" and suite.get("failures") == "0"
    assert {c.get("classname") for c in suite.iter("testcase")} == {"386", "amd64", "arm7"}
    page = html.read_text()
    sequences = page.split("Call sequences at sites matching")[1]
    # The same closure calls on every arch, each through word 0 of its context register.
    assert sequences.count("icall main.callTwice+") >= 6
    for source in ("[AX &lt;- [DX+0]]", "[CX &lt;- [DX+0]]", "[R0 &lt;- [R7+0]]"):
        assert source in sequences or source.replace("AX", "CX") in sequences


def test_usage_errors_get_125():
    r = matrix("--arches", "386,sparc", C.SOURCE / "cases" / "bad")
    assert r.returncode == 125 and "unknown target 'sparc'" in r.stderr
    r = matrix("/nonexistent/cases")
    assert r.returncode == 125 and "not a directory" in r.stderr


# --list: the one parser of the `//!` format, which scripts/cases.py asks.

def test_list_json_holds_every_header_key_of_every_case():
    r = matrix("--list", "--json", "--arches", ",".join(C.GO_TARGETS), C.SOURCE / "cases")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    by_source = {Path(row["source"]): row for row in rows}
    assert set(by_source) == {c.source for c in C.discover()}
    fvrt_rows = [row["name"] for row in rows if row["on_fvrt"]]
    assert "bad/runtime/jmpdefer_to_funcval[go-step1,a32]" in fvrt_rows
    row = by_source[C.SOURCE / "cases" / "bad" / "runtime" / "jmpdefer_to_funcval.c"]
    assert row["profile_violations"]["go-step1"] == ["step1 jmpdefer -> deferred"]
    assert any(r["events"] for r in rows) and any(r["calls"] for r in rows)
    assert any(not r["same_stdout_as_qemu"] for r in rows) and any(r["host_reference"] for r in rows)
    # Without --json: a row a line, its name and columns.
    text = matrix("--list", C.SOURCE / "cases" / "bad" / "arm")
    assert text.returncode == 0 and re.search(r"^ctx_clobbered +arm7$", text.stdout, re.M)


def test_list_takes_case_files_and_refuses_bad_headers(tmp_path):
    one = matrix("--list", "--json", C.SOURCE / "bench" / "go_heavy.go")
    assert one.returncode == 0 and [r["name"] for r in json.loads(one.stdout)] == ["go_heavy"]
    bad = tmp_path / "bad.c"
    bad.write_text("//! exit: 0\n//! qemu: sometimes\nint main(void) { return 0; }\n")
    r = matrix("--list", bad)
    assert r.returncode == 125 and "unknown expectation '//! qemu:'" in r.stderr
    r = matrix("--json", C.SOURCE / "cases")
    assert r.returncode == 125 and "--json requires --list" in r.stderr


def test_targets_table_is_what_fvemu_has_built_in():
    table = json.loads((C.SOURCE / "targets.json").read_text())
    help_text = matrix("--help").stdout
    columns = [t["name"] for t in table["go_targets"]]
    assert "Comma-separated targets: " + ", ".join(columns) in help_text
    default = ",".join(t["name"] for t in table["go_targets"] if t["default_column"])
    assert f"--arches TEXT={default}" in help_text
    assert C.GO_TARGETS == tuple(columns) and C.TARGETS == tuple(t["name"] for t in table["c_targets"])


# --toolchain: Go cases built with each toolchain, a column per toolchain and target.

DEBIAN_GO = {f"go1.{n}": Path(f"/usr/lib/go-1.{n}") for n in (19, 21, 22, 23)}


def toolchain_args(toolchains):
    return [a for name, root in toolchains.items() for a in ("--toolchain", f"{name}={root}")]


def junit_cells(path):
    """{(case, toolchain, target): the cell's text} from matrix's JUnit, where a named
    toolchain's cells are named "CASE [TOOLCHAIN]" (n/a cells are not there)."""
    cells = {}
    for tc in ET.parse(path).getroot().iter("testcase"):
        m = re.fullmatch(r"(.*?)(?: \[(.*)\])?", tc.get("name"))
        out = tc.find("system-out")
        cells[(m[1], m[2], tc.get("classname"))] = "" if out is None else out.text
    return cells


def fake_toolchain(root: Path, version: str) -> Path:
    """A GOROOT whose VERSION says `version` and whose bin/go is the go on PATH."""
    real = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True,
                          check=True).stdout.strip()
    (root / "bin").mkdir(parents=True)
    (root / "src" / "runtime").mkdir(parents=True)
    (root / "VERSION").write_text(version + "\n")
    go = root / "bin" / "go"
    go.write_text(f'#!/bin/sh\nGOROOT={real} exec {real}/bin/go "$@"\n')
    go.chmod(0o755)
    return root


def test_toolchains_are_columns_and_too_old_ones_are_na(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("closures.go", "generics.go"):  # generics: //! go: 1.18
        shutil.copy(C.SOURCE / "cases" / "go" / name, cases)
    (cases / "hello.c").write_text('//! exit: 0\n//! stdout: hello\n#include <stdio.h>\n'
                                   'int main(void) { puts("hello"); return 0; }\n')
    old = fake_toolchain(tmp_path / "old", "go1.17.13")
    new = fake_toolchain(tmp_path / "new", "go1.19.8")
    html, junit, cache = tmp_path / "m.html", tmp_path / "m.xml", tmp_path / "cache"
    r = matrix("--arches", "amd64,arm7", "--cache", cache, "--html", html, "--junit", junit,
               "--toolchain", f"old={old}", "--toolchain", f"new={new}", cases)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    # The Go cases under each toolchain; the C case once, in a table of targets.
    assert lines[0].split() == ["case", "old/amd64", "old/arm7", "new/amd64", "new/arm7"]
    generics = next(l for l in lines if l.startswith("generics")).split()
    assert generics[1:3] == ["n/a", "n/a"] and generics[3] == "ok"
    assert [l for l in lines if l.startswith("case ")][1].split() == ["case", "amd64", "arm7"]
    assert sum(l.startswith("hello") for l in lines) == 1
    assert "matrix: 10 cells: 8 ok, 0 failed, 2 n/a;" in r.stdout
    assert "n/a: the toolchain is too old for the case or target" in r.stdout
    cells = junit_cells(junit)
    assert set(cells) == {("closures", t, a) for t in ("old", "new") for a in ("amd64", "arm7")} | {
        ("generics", "new", a) for a in ("amd64", "arm7")} | {("hello", None, a) for a in ("amd64", "arm7")}
    assert all(text.startswith("ok") for text in cells.values())
    page = html.read_text()
    assert "<th>old/arm7</th>" in page and 'title="needs Go 1.18; old is Go 1.17">n/a<' in page
    # A binary cache per toolchain; C cases where they always were.
    assert (cache / "old" / "amd64" / "closures").exists() and (cache / "new" / "arm7" / "generics").exists()
    assert not (cache / "old" / "amd64" / "generics").exists() and (cache / "amd64" / "hello").exists()


def test_toolchain_usage_errors_get_125(tmp_path):
    fake = fake_toolchain(tmp_path / "go", "go1.19.8")
    (tmp_path / "empty").mkdir()
    bad = C.SOURCE / "cases" / "bad"
    for args, message in [
            (["--toolchain", f"x={tmp_path / 'empty'}"], "is not a GOROOT (no bin/go, or no src/runtime"),
            (["--toolchain", f"x={tmp_path / 'missing'}"], "is not a GOROOT"),
            (["--toolchain", f"x={fake}", "--toolchain", f"x={fake}"], "NAME 'x' given twice"),
            (["--toolchain", str(fake)], "expected NAME=GOROOT"),
            (["--toolchain", f"a/b={fake}"], "NAME may hold only")]:
        r = matrix(*args, bad)
        assert r.returncode == 125 and message in r.stderr, (args, r.stderr)
        assert r.stderr.count("\n") == 1 and not r.stdout, r.stderr


def test_go_cases_pass_with_debian_go_1_19_to_1_23(tmp_path):
    """Every case in cases/go built with Debian's Go 1.19, 1.21, 1.22 and 1.23 on 386,
    amd64, arm5 and arm7 (400 cells; 386-sse2 and arm6 are left out for time), each
    with its output and no ABI violation. About 5 minutes with -j 2 on 2 cores, most
    of it building each toolchain's standard library for each target. Under the
    sanitizers (whose whole suite runs too) a sample: amd64 and arm7, without
    sort_million (27 million checked calls, half of the sweep's run time)."""
    missing = [str(root) for root in DEBIAN_GO.values() if not (root / "bin" / "go").exists()]
    if missing:
        if "VERSION_CODENAME=bookworm" in Path("/etc/os-release").read_text():
            pytest.fail(f"{', '.join(missing)} missing: scripts/deps installs them")
        pytest.skip(f"{', '.join(missing)} missing (Debian 12's golang-1.2N-go from bookworm-backports)")
    cases, targets = C.SOURCE / "cases" / "go", ["386", "amd64", "arm5", "arm7"]
    names = sorted(p.stem for p in cases.glob("*.go"))
    if SANITIZED:
        targets = ["amd64", "arm7"]
        names.remove("sort_million")
        cases = tmp_path / "cases"
        cases.mkdir()
        for name in names:
            shutil.copy(C.SOURCE / "cases" / "go" / f"{name}.go", cases)
    junit = tmp_path / "m.xml"
    r = matrix("--arches", ",".join(targets), "-j", "2", "--cache", tmp_path / "cache",
               "--junit", junit, *toolchain_args(DEBIAN_GO), cases, timeout=1500)
    n = len(names) * len(DEBIAN_GO) * len(targets)
    assert r.returncode == 0 and f"matrix: {n} cells: {n} ok, 0 failed;" in r.stdout, r.stdout + r.stderr
    cells = junit_cells(junit)
    assert set(cells) == {(c, t, a) for c in names for t in DEBIAN_GO for a in targets}
    # Every cell says it was checked as go, told from the binary (no runtime.jmpdefer).
    assert all("\nprofile go: a Go program (go1." in text and "Go 1.18 removed it" in text
               for text in cells.values()), next(iter(cells.values()))


def test_go_cases_build_and_run_with_fvemu_goroots(tmp_path):
    """Every case in cases/go with each toolchain of FVEMU_GOROOTS ("NAME=GOROOT ..."),
    e.g. Go 1.0-1.4-era ones, on 386, amd64 and arm7: every cell its toolchain can
    build (the others are n/a) builds, its exit status and output are the case's, and
    no violation is reported (test_go_history.py also checks each era's profile)."""
    toolchains = {name: str(root) for name, root in C.goroots()}
    if not toolchains:
        pytest.skip("FVEMU_GOROOTS (\"NAME=GOROOT NAME=GOROOT ...\") is not set")
    targets = ["386", "amd64", "arm7"]
    junit = tmp_path / "m.xml"
    r = matrix("--arches", ",".join(targets), "-j", "2", "--cache", tmp_path / "cache",
               "--junit", junit, *toolchain_args(toolchains), C.SOURCE / "cases" / "go",
               timeout=3000)
    assert r.returncode in (0, 1), r.stdout + r.stderr
    cells = junit_cells(junit)
    go_cases = {c.name: c for c in C.discover() if c.kind == "go"}
    bad = {k: text for k, text in cells.items() if not text.startswith("ok")}
    assert not bad, "\n".join(f"{c} {t}/{a}: {text}" for (c, t, a), text in sorted(bad.items())) + \
        "\n" + r.stdout[-6000:]
    for name, case in go_cases.items():
        for t in toolchains:
            built = {a for a in targets if (name, t, a) in cells}
            # n/a for a whole toolchain, and only where the case names a minimum.
            assert built in (set(), set(targets)) and (built or case.go), (name, t, built)
    for t in toolchains:
        assert all(("closures", t, a) in cells for a in targets), t
