"""`fvemu check`: every program in cases/bad is reported with exactly its expected
violations (rule, site, callee) and exit status 10; every Go case conforms on every
Go target, and every program on fvrt (runtime/) on every target and profile (no false
positives); the exit status contract, --json and --junit."""

import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

import cases as C

CASES = C.discover()
BAD_JOBS = [(c, t) for c in CASES if c.kind == "bad" for t in c.targets]
# sort_million alone takes longer than the rest together: bench/ covers it.
GO_JOBS = [(c, t) for c in CASES if c.kind == "go" and c.name != "sort_million" for t in c.targets]
FVRT_JOBS = [(c, t) for c in CASES if c.kind == "runtime" for t in c.targets]


def fvemu(*args, timeout=300):
    return subprocess.run([str(C.FVEMU), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def check_json(binary, *options):
    r = fvemu("check", "--json", *options, binary)
    return r.returncode, json.loads(r.stdout), r.stderr


def test_every_arch_has_every_bad_case():
    names = {arch: {c.name for c in CASES if c.kind == "bad" and not c.on_fvrt and c.targets[0] == arch}
             for arch in ("386", "amd64", "arm")}
    # go-step1-dx differs from go-step1 on x86 only (golang/go 6066fdc moved 6g and 8g to DX).
    assert names["386"] == names["amd64"] == names["arm"] | {"step1_dx_bypass"}
    assert len(names["arm"]) >= 6
    rules = {v.split()[0] for c in CASES if c.kind == "bad" for v in c.violations}
    assert rules == {"entry", "site", "step1", "target"}
    # Every profile has a program that breaks it.
    assert {c.profile for c in CASES if c.kind == "bad" and not c.on_fvrt} == \
        {"go", "go-step1", "go-step1-dx"}
    # The broken runtimes: every fvrt target has each, and together they break every rule;
    # one more is a sound runtime with a broken call beside C pointer calls.
    fvrt_bad = [c for c in CASES if c.kind == "bad" and c.on_fvrt]
    assert {c.breaks for c in fvrt_bad} == {"jmpdefer-to-funcval", "gogocallfn-without-ctx",
                                            "reflectcall-stale-ctx", ""}
    assert {c.violations_for(t)[0].split()[0] for c in fvrt_bad for t in c.targets} == \
        {"entry", "site", "step1"}


@pytest.mark.parametrize("case,target", BAD_JOBS, ids=[c.id(t) for c, t in BAD_JOBS])
def test_bad_case_is_reported_with_its_rule_and_site(case, target):
    expected = case.violations_for(target)
    assert expected, "a bad case must say what it breaks"
    # Programs on fvrt carry their profile: --profile auto finds it.
    options = [] if case.on_fvrt else ["--profile", case.profile]
    status, report, stderr = check_json(case.binary(target), *options)
    assert report["profile"] == case.profile_for(target)
    # A call that never ran (its code-word load faulted) has no callee: its target, 0x0.
    got = [f"{v['rule']} {v['site_symbol']} -> {v['callee_symbol'] or v['target']}"
           for v in report["violations"]]
    assert C.violations_match(expected, got), (got, stderr)
    assert report["exit_status"] == case.exit
    assert status == 10
    assert "bad case ran" in stderr  # the guest's stdout, moved aside by --json
    for v in report["violations"]:
        assert v["arch"] == report["arch"] and v["instructions"], v


@pytest.mark.parametrize("case,target", GO_JOBS, ids=[c.id(t) for c, t in GO_JOBS])
def test_go_case_conforms(case, target):
    cmd = C.fvemu_command(case, target)
    cmd[1] = "check"  # with the case's arguments, environment and directories
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=case.source.parent)
    summary = r.stderr.splitlines()[-1]
    assert summary.endswith("violations: 0"), r.stderr
    assert r.returncode == (0 if case.exit == 0 else case.exit), r.stderr
    checked = int(summary.split("func-value calls checked: ")[1].split(",")[0])
    assert checked > 100  # the Go runtime alone makes hundreds


@pytest.mark.parametrize("case,target", FVRT_JOBS, ids=[c.id(t) for c, t in FVRT_JOBS])
def test_fvrt_case_conforms(case, target):
    status, report, stderr = check_json(case.binary(target))
    assert report["profile"] == case.profile_for(target)  # found by its marker symbol
    assert report["violations"] == [], stderr
    assert report["exit_status"] == case.exit and status == case.exit, stderr
    assert report["funcvalue_calls_checked"] > 0


FVRT_CLASS_JOBS = [(c, t) for c in CASES if c.kind == "runtime" and c.name.endswith(
    ("c_pointer_calls", "closure_code")) for t in c.targets]


@pytest.mark.parametrize("case,target", FVRT_CLASS_JOBS, ids=[c.id(t) for c, t in FVRT_CLASS_JOBS])
def test_calls_that_are_not_func_value_calls_are_classes(case, target):
    """C function pointer calls in C code and the calls the generated closure code
    makes from the heap are counted in their class and never judged."""
    status, report, stderr = check_json(case.binary(target))
    assert status == 0 and report["violations"] == [], stderr
    if case.name.endswith("c_pointer_calls"):
        assert report["c_code_sites"] >= 4, report  # struct slot, table, stack slot, index
    else:
        assert report["generated_code_sites"] >= 1, report  # the trampolines' calls


def test_step1_itab_call_is_an_interface_call_not_a_violation():
    for arch in ("386", "amd64", "arm"):
        status, report, _ = check_json(C.BUILD / "bad" / arch / "step1_bypass", "--profile", "go-step1")
        assert status == 10 and report["interface_call_sites"] == 1
        assert [v["rule"] for v in report["violations"]] == ["step1"]


def test_profile_reason_says_why():
    _, report, _ = check_json(C.BUILD / "go" / "amd64" / "closures")
    assert report["profile"] == "go"
    assert re.match(r"a Go program \(go1\.\d+[.\d]*\): no runtime\.jmpdefer \(Go 1\.18 removed it\)",
                    report["profile_reason"]), report["profile_reason"]
    _, report, _ = check_json(C.BUILD / "go" / "amd64" / "closures", "--profile", "go-step1-dx")
    assert report["profile"] == "go-step1-dx" and report["profile_reason"] == "named with --profile"


def test_text_report_cites_the_evidence():
    r = fvemu("check", "--profile", "go", C.BUILD / "bad" / "amd64" / "ctx_clobbered")
    assert r.returncode == 10
    assert "amd64: rule site at _start+0x11" in r.stderr
    assert "target built as: CX <- [DX+0]" in r.stderr
    assert "callee: closure_a" in r.stderr
    assert r.stderr.splitlines()[-1].endswith("violations: 2")


def test_junit_has_one_testcase_with_the_failure(tmp_path):
    out = tmp_path / "report.xml"
    r = fvemu("check", "--profile", "go", "--junit", out, C.BUILD / "bad" / "arm" / "wrong_word")
    assert r.returncode == 10
    suite = ET.parse(out).getroot()
    assert suite.get("tests") == "1" and suite.get("failures") == "1"
    case = suite.find("testcase")
    assert case.get("classname") == "arm" and "rule entry" in case.find("failure").text


def test_events_record_the_call_sequence_at_chosen_sites():
    status, report, _ = check_json(C.BUILD / "go" / "arm7" / "closures", "--events",
                                   r"^main\.callTwice")
    assert status == 0
    assert all("main.callTwice" in e for e in report["events"])
    closure_calls = [e for e in report["events"]
                     if re.fullmatch(r"icall main\.callTwice\+0x[0-9a-f]+ -> main\.(double|negate)"
                                     r"  \[R0 <- \[R7\+0\]\]", e)]
    assert len(closure_calls) >= 4, report["events"]


def test_guest_status_passes_through_without_violations():
    r = fvemu("check", C.BUILD / "go" / "amd64" / "exit_status")
    assert r.returncode == 3
    assert r.stderr.splitlines()[-1].endswith("violations: 0")


@pytest.mark.parametrize("args,message", [
    ([C.BUILD / "cases" / "amd64" / "hello"], "is not a Go program"),
    (["--profile", "nope", C.BUILD / "go" / "amd64" / "closures"], "unknown --profile nope"),
    (["--junit", "/nonexistent/x.xml", C.BUILD / "go" / "amd64" / "closures"], "--junit /nonexistent/x.xml"),
])
def test_bad_input_gets_one_line_and_125(args, message):
    r = fvemu("check", *args)
    assert r.returncode == 125
    assert len(r.stderr.splitlines()) == 1 and message in r.stderr, r.stderr
