"""fvemu.replay(): a trace `fvemu trace --out` recorded is checked offline with the
verdicts fvemu.check() gives live, on every arch."""

import subprocess

import pytest

import fvemu
from conftest import BUILD, go_case



def trace(tmp_path, program, *options):
    out = tmp_path / "trace.jsonl"
    subprocess.run([str(BUILD / "fvemu"), "trace", *options, "--out", str(out), str(program)],
                   check=True, capture_output=True)
    return out


def test_replay_of_a_go_program_is_its_live_check(arch, tmp_path):
    program = go_case(arch, "closures")
    live = fvemu.check(program)
    replayed = fvemu.replay(trace(tmp_path, program, "--profile", "auto"), program)
    assert (replayed.profile, replayed.profile_reason, replayed.summary, replayed.check_status,
            replayed.exit_code, replayed.instructions) == \
        (live.profile, live.profile_reason, live.summary, live.check_status, live.exit_code,
         live.instructions)
    assert replayed.calls == [] and replayed.stdout == b""  # nothing ran


def test_replay_raises_on_the_violations_the_live_check_finds(arch, tmp_path):
    program = BUILD / "bad" / arch / "ctx_clobbered"
    live = fvemu.check(program, profile="go", raise_on_violation=False)
    with pytest.raises(fvemu.ViolationError) as caught:
        fvemu.replay(trace(tmp_path, program), program, profile="go")
    replayed = caught.value.result
    assert [(v.rule, v.site, v.target, v.what, v.times) for v in replayed.violations] == \
        [(v.rule, v.site, v.target, v.what, v.times) for v in live.violations]
    assert replayed.check_status == live.check_status == 10


def test_trace_of_another_program_is_a_usage_error(tmp_path):
    recorded = trace(tmp_path, go_case("amd64", "closures"))
    with pytest.raises(fvemu.UsageError, match="is this its trace"):
        fvemu.replay(recorded, go_case("amd64", "method_values"))
