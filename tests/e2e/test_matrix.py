"""`fvemu matrix`: builds and runs cases on every target and judges each cell by the
case's own expectations; a case whose expectations are not met fails its cell and the
whole matrix; the HTML page holds the table and the evidence side by side."""

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import cases as C


def matrix(*args, cwd=None, timeout=900):
    env = dict(os.environ, GOCACHE=str(C.BUILD / "go-cache"))
    return subprocess.run([str(C.FVEMU), "matrix", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env=env)


def test_bad_cases_are_caught_on_every_arch(tmp_path):
    html = tmp_path / "m.html"
    r = matrix("--arches", "386,amd64,arm7", "--cache", tmp_path / "cache", "--html", html,
               C.SOURCE / "cases" / "bad")
    assert r.returncode == 0, r.stdout + r.stderr
    # 20 per-arch (go-step1-dx is x86 only), 24 on fvrt: 16 on broken builds, 8 beside C calls
    assert "matrix: 44 cells: 44 ok, 0 failed" in r.stdout
    page = html.read_text()
    assert page.count('class="ok"') == 44 and "rule" not in page.split("<h2>")[0]
    assert "entry _start+0x11 -&gt; closure_a" in page  # amd64's evidence, side by side


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
