"""The pytest plugin (fvemu.pytest_plugin) and the helpers in fvemu.testing: the `arch`
fixture, build-and-run of Go and C sources, and the assertions on call sequences."""

import os
import re
import subprocess
import sys

import pytest

import fvemu
from conftest import BUILD, bad_fvrt_case, python_env
from fvemu import testing

GO_SOURCE = """package main

import "fmt"

type op func(int) int

//go:noinline
func apply(f op, x int) int { return f(x) }

//go:noinline
func twice(f op, x int) int { return f(f(x)) }

func main() {
	k := 3
	add := func(x int) int { return x + k }
	mul := func(x int) int { return x * k }
	fmt.Println(apply(add, 1), apply(mul, 2), twice(add, 0))
}
"""

C_SOURCE = """#include <stdio.h>
static int square(int x) { return x * x; }
int main(void) { int (*volatile f)(int) = square; printf("%d\\n", f(7)); return 0; }
"""


@pytest.fixture(autouse=True, scope="module")
def go_cache():
    # The build's Go cache already holds the standard library for every target.
    old = os.environ.get("GOCACHE")
    os.environ["GOCACHE"] = str(BUILD / "go-cache")
    yield
    if old is None:
        del os.environ["GOCACHE"]
    else:
        os.environ["GOCACHE"] = old


def test_arch_fixture_covers_every_arch(request, arch):
    assert arch in fvemu.ARCHES
    assert request.node.name.endswith(f"[{arch}]")


def test_go_source_builds_and_runs_for_the_arch(build_and_run, arch):
    r = build_and_run(GO_SOURCE, arch)
    assert r.arch == arch and r.stdout == b"4 6 6\n" and r.ok and r.profile == "go"
    testing.assert_closure_calls_conform(r, "main.apply")
    testing.assert_closure_calls_conform(r, re.compile(r"^main\.(apply|twice)$"))
    assert len(testing.closure_calls(r, "main.apply")) == 2
    assert len(testing.closure_calls(r, "main.twice")) == 2


def test_c_source_builds_and_runs_for_the_arch(build_and_run, arch):
    r = build_and_run(C_SOURCE, arch)
    assert r.arch == arch and r.stdout == b"49\n" and r.exit_code == 0 and r.profile is None


def test_builds_are_cached_by_content(fvemu_builder):
    a = fvemu_builder.go(GO_SOURCE, "arm")
    assert fvemu_builder.go(GO_SOURCE, "arm") == a
    assert fvemu_builder.go(GO_SOURCE, "arm", goarm=5) != a
    assert fvemu_builder.c(C_SOURCE, "386") != fvemu_builder.c(C_SOURCE + "\n", "386")


def test_build_errors_carry_the_compilers_output(fvemu_builder):
    with pytest.raises(testing.BuildError, match="undefined: nosuch"):
        fvemu_builder.go("package main\nfunc main() { nosuch() }\n", "amd64")
    with pytest.raises(fvemu.UsageError, match="unknown arch 'mips'"):
        fvemu_builder.go(GO_SOURCE, "mips")


def test_call_sequence_has_the_same_shape_on_every_arch(fvemu_builder):
    results = {arch: fvemu_builder.run(GO_SOURCE, arch, kinds=["call", "icall"])
               for arch in fvemu.ARCHES}
    testing.assert_same_shape(results, "main.twice")
    assert testing.call_sequence(results["arm"], "main.twice") == [
        ("icall", "main.main.func1"), ("icall", "main.main.func1")]
    # main.main's calls are not the same on every arch (runtime helpers differ), and
    # the assertion says how.
    with pytest.raises(AssertionError, match="the calls of main.main differ"):
        testing.assert_same_shape(results, "main.main")


def test_assertions_fail_when_they_should(fvemu_builder, arch):
    r = fvemu_builder.run(GO_SOURCE, arch)
    with pytest.raises(AssertionError, match="no closure call from main.nosuch"):
        testing.assert_closure_calls_conform(r, "main.nosuch")
    with pytest.raises(AssertionError, match="no call from main.nosuch was recorded"):
        testing.assert_same_shape([r, r], "main.nosuch")
    bad = fvemu.check(bad_fvrt_case(arch, "reflectcall_stale_ctx"), raise_on_violation=False)
    with pytest.raises(AssertionError, match="violation"):
        testing.assert_no_violations(bad)
    # reflectcall calls with a stale context register: not a closure call any more,
    # and the assertion names the violation rather than "no closure call".
    where = testing.function_of(bad.violations[0].site_symbol)
    assert where == "reflectcall" and not testing.closure_calls(bad, where)
    with pytest.raises(AssertionError, match=r"1 call site\(s\) in reflectcall break the go"):
        testing.assert_closure_calls_conform(bad, where)


def test_plugin_narrows_arches_from_the_command_line(tmp_path):
    (tmp_path / "test_one.py").write_text("def test_it(arch):\n    assert arch\n")
    env = python_env(dict(os.environ, PYTHONPATH=str(BUILD / "python")))
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "fvemu.pytest_plugin",
                           "-p", "no:cacheprovider", "-v", "--fvemu-arch", "arm",
                           "--fvemu-arch", "386", str(tmp_path / "test_one.py")],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "test_it[arm] PASSED" in done.stdout and "test_it[386] PASSED" in done.stdout
    assert "amd64" not in done.stdout
