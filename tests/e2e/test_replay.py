"""`fvemu check --replay TRACE PROGRAM`: a trace recorded by `fvemu trace --out` is
checked offline with exactly the live check's verdict (the whole --json report) and
exit status, on every bad case and every arch, and on Go programs of every target;
a trace that is cut, filtered, of another program or another profile is refused
with one line and 125."""

import json
import subprocess

import pytest

import cases as C

CASES = C.discover()
BAD_JOBS = [(c, t) for c in CASES if c.kind == "bad" for t in c.targets]
GO_NAMES = ("closures", "method_values", "defer_closures", "interfaces", "runtime_faults")
GO_JOBS = [(c, t) for c in CASES if c.kind == "go" and c.name in GO_NAMES for t in c.targets]


def fvemu(*args, cwd=None):
    return subprocess.run([str(C.FVEMU), *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def profile_options(case, target):
    return [] if case.on_fvrt or case.kind == "go" else ["--profile", case.profile_for(target)]


def live_and_replayed(case, target, tmp_path):
    """The live --json check of the case, and the replay of its trace."""
    cmd = C.fvemu_command(case, target)  # fvemu run [its options] PROGRAM [ARGS]
    options, program = cmd[2:cmd.index(str(case.binary(target)))], case.binary(target)
    args = cmd[cmd.index(str(program)) + 1:]
    trace = tmp_path / "trace.jsonl"
    profile = profile_options(case, target) or ["--profile", "auto"]
    fvemu("trace", *options, *profile, "--out", trace, program, *args, cwd=case.source.parent)
    live = fvemu("check", "--json", *options, *profile_options(case, target), program, *args,
                 cwd=case.source.parent)
    replayed = fvemu("check", "--json", *profile_options(case, target), "--replay", trace, program)
    return live, replayed


@pytest.mark.parametrize("case,target", BAD_JOBS + GO_JOBS,
                         ids=[c.id(t) for c, t in BAD_JOBS + GO_JOBS])
def test_replay_gives_the_live_verdict(case, target, tmp_path):
    live, replayed = live_and_replayed(case, target, tmp_path)
    assert replayed.returncode == live.returncode, replayed.stderr
    report = json.loads(replayed.stdout)
    assert report == json.loads(live.stdout)
    if case.kind == "bad":
        assert report["violations"] and replayed.returncode == 10
    else:
        assert report["funcvalue_calls_checked"] > 100


def test_text_report_is_the_live_one(tmp_path):
    case = next(c for c in CASES if c.kind == "bad" and c.name == "ctx_clobbered")
    program, trace = case.binary("amd64"), tmp_path / "t.jsonl"
    fvemu("trace", "--profile", "go", "--out", trace, program)
    live = fvemu("check", "--profile", "go", program)
    replayed = fvemu("check", "--profile", "go", "--replay", trace, program)
    assert replayed.returncode == live.returncode == 10
    # The guest's own output is the live run's alone; the report is the same.
    assert replayed.stderr == live.stderr.replace("bad case ran\n", ""), replayed.stderr


def test_killed_guest_is_reported_as_it_died(tmp_path):
    program, trace = C.BUILD / "go" / "amd64" / "runtime_faults", tmp_path / "t.jsonl"
    fvemu("trace", "--profile", "auto", "--max-insns", "200000", "--out", trace, program)
    live = fvemu("check", "--max-insns", "200000", program)
    replayed = fvemu("check", "--replay", trace, program)
    assert live.returncode == replayed.returncode == 128 + 24  # SIGXCPU
    assert replayed.stderr.splitlines()[0] == live.stderr.splitlines()[0]
    assert "instruction limit" in replayed.stderr.splitlines()[0]


def traced(tmp_path, *options, program=C.BUILD / "go" / "amd64" / "closures"):
    trace = tmp_path / "t.jsonl"
    fvemu("trace", *options, "--out", trace, program)
    return trace


@pytest.mark.parametrize("make,program,message", [
    (lambda p: p.write_text("".join(traced(p.parent).read_text().splitlines(True)[:-1])),
     "closures", "no closing line"),
    (lambda p: p.write_text(traced(p.parent, "--filter", "main").read_text()),
     "closures", "was filtered"),
    (lambda p: p.write_text(traced(p.parent, "--kinds", "icall").read_text()),
     "closures", "no ijmp events"),
    (lambda p: p.write_text(traced(p.parent).read_text()), "method_values", "is this its trace"),
    (lambda p: p.write_text(traced(p.parent, program=C.BUILD / "go" / "386" / "closures").read_text()),
     "closures", "traced on 386"),
    (lambda p: p.write_text(traced(p.parent, "--profile", "go-step1").read_text()),
     "closures", "traced with profile go-step1"),
    (lambda p: p.write_text("not json\n"), "closures", "no closing line"),
])
def test_unusable_trace_gets_one_line_and_125(tmp_path, make, program, message):
    trace = tmp_path / "given.jsonl"
    make(trace)
    r = fvemu("check", "--replay", trace, C.BUILD / "go" / "amd64" / program)
    assert r.returncode == 125
    assert len(r.stderr.splitlines()) == 1 and message in r.stderr, r.stderr


def test_replay_takes_no_run_options(tmp_path):
    r = fvemu("check", "--replay", traced(tmp_path), "--max-insns", "5",
              C.BUILD / "go" / "amd64" / "closures")
    assert r.returncode == 125 and "--max-insns does not apply to --replay" in r.stderr
