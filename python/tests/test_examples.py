"""The example scripts in python/examples, run as a user would run them (a subprocess
with PYTHONPATH at the build's python directory), on Go programs and on C programs
built on fvrt, for 386, amd64 and arm."""

import collections
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("FVEMU_SOURCE", Path(__file__).resolve().parents[2]))
BUILD = Path(os.environ.get("FVEMU_BUILD", SOURCE / "build"))
EXAMPLES = SOURCE / "python" / "examples"
sys.path.insert(0, str(BUILD / "python"))

import fvemu  # noqa: E402  (from the build tree, as the examples get it)
from conftest import python_env  # noqa: E402

ARCHES = ("386", "amd64", "arm")
GO_TARGET = {"386": "386", "amd64": "amd64", "arm": "arm7"}


def go(arch, name):
    return BUILD / "go" / GO_TARGET[arch] / name


def fvrt(arch, name, profile="go"):
    return BUILD / "runtime" / profile / arch / name


def bad(arch, name):
    return BUILD / "runtime-bad" / "go" / arch / name


def example(script, *args):
    """Runs python/examples/<script> with args; returns the CompletedProcess (text)."""
    env = python_env(dict(os.environ, PYTHONPATH=str(BUILD / "python")))
    return subprocess.run([sys.executable, str(EXAMPLES / script), *map(str, args)],
                          env=env, capture_output=True, text=True, timeout=60)


def closure_table(stdout):
    """count_closure_calls' table as ({function: count}, total)."""
    lines = stdout.splitlines()
    assert lines[0].split() == ["calls", "function"]
    rows = [re.fullmatch(r"\s*(\d+)  (\S.*)", line).groups() for line in lines[1:]]
    (total, label), rows = rows[-1], rows[:-1]
    assert label == "total"
    counts = [int(n) for n, _ in rows]
    assert counts == sorted(counts, reverse=True)
    return {function: int(n) for n, function in rows}, int(total)


def closure_calls_by_function(path):
    counts = collections.Counter(re.sub(r"\+0x[0-9a-f]+$", "", c.site_symbol or "?")
                                 for c in fvemu.run(path).calls if c.through_func_value)
    return dict(counts)


@pytest.mark.parametrize("goarch", ARCHES)
def test_count_closure_calls_on_go_closures(goarch):
    p = example("count_closure_calls.py", go(goarch, "closures"))
    assert p.returncode == 0, p.stderr
    table, total = closure_table(p.stdout)
    assert table["main.callTwice"] == 4  # f(f(x)) for double, then for negate
    assert table["main.holder.apply"] == 2 and table["main.main"] > 0
    assert total == sum(table.values())
    assert table == closure_calls_by_function(go(goarch, "closures"))


@pytest.mark.parametrize("goarch", ARCHES)
def test_count_closure_calls_on_fvrt_funcval(goarch):
    p = example("count_closure_calls.py", "--arch", goarch, fvrt(goarch, "funcval"))
    assert p.returncode == 0, p.stderr
    table, total = closure_table(p.stdout)
    assert table["fv_call"] > 0 and total == sum(table.values())
    assert table == closure_calls_by_function(fvrt(goarch, "funcval"))


def test_count_closure_calls_reports_wrong_arch_and_guest_status():
    p = example("count_closure_calls.py", "--arch", "amd64", go("386", "closures"))
    assert p.returncode == 2 and "not amd64" in p.stderr and p.stdout == ""
    p = example("count_closure_calls.py", go("arm", "exit_status"))
    assert p.returncode == 1 and "exited 3" in p.stderr
    assert closure_table(p.stdout)[1] > 0


@pytest.mark.parametrize("function", ["main.callTwice", "main.holder.apply"])
def test_diff_call_sequence_same_shape_on_go_arches(function):
    p = example("diff_call_sequence.py", function, *(go(a, "closures") for a in ARCHES))
    assert p.returncode == 0, p.stdout + p.stderr
    for arch in ARCHES:
        assert re.search(rf"^{arch}: [1-9]\d* calls from {re.escape(function)} in ",
                         p.stdout, re.M)
    assert "---" not in p.stdout and p.stdout.endswith("same shape on all 3 programs\n")


def test_diff_call_sequence_same_shape_on_fvrt_arches():
    p = example("diff_call_sequence.py", "fv_closure", *(fvrt(a, "funcval") for a in ARCHES))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "16 calls from fv_closure" in p.stdout


def test_diff_call_sequence_shows_word_size_difference_in_go_main():
    # main.main boxes ints with convT32 on 386 and arm but convT64 on amd64.
    p = example("diff_call_sequence.py", "main.main", *(go(a, "closures") for a in ARCHES))
    assert p.returncode == 1, p.stdout + p.stderr
    assert f"--- 386: {go('386', 'closures')}" in p.stdout
    assert f"+++ amd64: {go('amd64', 'closures')}" in p.stdout
    assert "+++ arm:" not in p.stdout  # 386 and arm agree
    assert "-call runtime.convT32" in p.stdout and "+call runtime.convT64" in p.stdout
    assert " icall main.main.func4" in p.stdout  # closure calls are common context
    assert p.stdout.endswith("differences found\n")


@pytest.mark.parametrize("first, second", [("386", "amd64"), ("amd64", "arm"), ("arm", "386")])
def test_diff_call_sequence_differs_between_fvrt_programs(first, second):
    p = example("diff_call_sequence.py", "fv_main", fvrt(first, "funcval"), fvrt(second, "defer"))
    assert p.returncode == 1, p.stdout + p.stderr
    assert f"--- {first}: " in p.stdout and f"+++ {second}: " in p.stdout
    assert "+call result_kept" in p.stdout and "+call at_defer_time" in p.stdout


def test_diff_call_sequence_unknown_function_and_usage():
    p = example("diff_call_sequence.py", "main.nope", go("386", "closures"), go("arm", "closures"))
    assert p.returncode == 2 and "no calls from main.nope" in p.stderr
    p = example("diff_call_sequence.py", "main.main", go("386", "closures"))
    assert p.returncode == 2 and "at least two programs" in p.stderr


@pytest.mark.parametrize("goarch", ARCHES)
def test_fail_on_violations_passes_good_programs(goarch, tmp_path):
    programs = [go(goarch, "closures"), fvrt(goarch, "funcval"), fvrt(goarch, "defer", "go-step1")]
    p = example("fail_on_violations.py", "--junit", tmp_path / "j.xml", *programs)
    assert p.returncode == 0, p.stdout + p.stderr
    lines = p.stdout.splitlines()
    assert lines == [line for line in lines if line.startswith("ok    ")]
    for program, profile in zip(programs, ["go", "go", "go-step1"]):
        assert f"ok    {program} ({goarch}, {profile}): call sites seen: " in p.stdout
    suite = ET.parse(tmp_path / "j.xml").getroot()
    assert suite.get("tests") == "3" and suite.get("failures") == "0"
    assert [c.get("name") for c in suite] == [str(p) for p in programs]


@pytest.mark.parametrize("goarch", ARCHES)
def test_fail_on_violations_fails_runtime_bad_programs(goarch, tmp_path):
    names = ["jmpdefer_to_funcval", "gogocallfn_without_ctx", "reflectcall_stale_ctx"]
    good = fvrt(goarch, "funcval")
    p = example("fail_on_violations.py", "--junit", tmp_path / "j.xml", good,
                *(bad(goarch, n) for n in names))
    assert p.returncode == 1, p.stdout + p.stderr
    out = p.stdout
    assert f"{goarch}: rule site at jmpdefer+" in out
    assert f"{goarch}: rule entry at gogocallfn+" in out
    assert f"{goarch}: rule entry at reflectcall+" in out
    assert f"ok    {good} ({goarch}, go)" in out
    assert f"FAIL  {bad(goarch, names[0])} ({goarch}, go): " in out
    assert out.count("FAIL  ") == 3 and "exit code 139" in out  # jmpdefer: SIGSEGV
    suite = ET.parse(tmp_path / "j.xml").getroot()
    assert (suite.tag, suite.get("tests"), suite.get("failures")) == ("testsuite", "4", "3")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases[str(good)].find("failure") is None
    # reflectcall's stale context breaks site too: the code came from another register.
    for name, rule, n in zip(names, ["site", "entry", "site"], [1, 1, 2]):
        failure = cases[str(bad(goarch, name))].find("failure")
        assert failure.get("message").startswith(f"{n} violation(s)")
        assert f"{goarch}: rule {rule} at " in failure.text


def test_fail_on_violations_profile_option_and_missing_program(tmp_path):
    p = example("fail_on_violations.py", "--profile", "go-step1", go("amd64", "closures"))
    assert p.returncode == 1 and "amd64: rule step1 at " in p.stdout
    missing = BUILD / "go" / "amd64" / "no-such-program"
    p = example("fail_on_violations.py", "--junit", tmp_path / "j.xml", missing,
                go("arm", "closures"))
    assert p.returncode == 2, p.stdout + p.stderr
    assert f"ERROR {missing}: no such file" in p.stdout
    assert f"ok    {go('arm', 'closures')} (arm, go)" in p.stdout  # the rest still ran
    suite = ET.parse(tmp_path / "j.xml").getroot()
    assert suite.get("errors") == "1" and "no such file" in suite.find("testcase/error").get("message")


@pytest.mark.parametrize("script", ["count_closure_calls.py", "diff_call_sequence.py",
                                    "fail_on_violations.py"])
def test_examples_have_help(script):
    p = example(script, "--help")
    assert p.returncode == 0 and p.stdout.startswith("usage: ")
    assert "Exits 0 when" in p.stdout  # the module docstring is the description
