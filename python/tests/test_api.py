"""fvemu.run, fvemu.check, fvemu.profiles and the objects they return, on Go programs
and native programs (C on glibc, C on fvrt) for every arch."""

import re

import pytest

import fvemu
from conftest import bad_fvrt_case, c_case, fvrt_case, go_case


def test_profiles_lists_every_era_with_its_registers():
    by_name = {p.name: p for p in fvemu.profiles()}
    assert list(by_name) == ["go", "go-step1", "go-step1-dx"]
    assert by_name["go"].context_registers == {"386": "DX", "amd64": "DX", "arm": "R7"}
    assert by_name["go-step1"].context_registers == {"386": "AX", "amd64": "AX", "arm": "R0"}
    assert by_name["go-step1-dx"].context_registers == {"386": "DX", "amd64": "DX", "arm": "R0"}
    assert by_name["go"].rules == ["entry", "site", "target"]
    assert by_name["go-step1"].rules == by_name["go-step1-dx"].rules == ["step1", "target"]
    assert "1903ad7" in by_name["go-step1"].era and "6066fdc" in by_name["go-step1-dx"].era


def test_go_program_runs_and_its_closure_calls_are_recorded(arch):
    r = fvemu.run(go_case(arch, "closures"))
    assert r.exit_code == 0 and r.signal is None and r.kill_report is None
    assert r.stdout.endswith(b"closures ok\n") and r.stderr == b""
    assert r.arch == arch and r.profile == "go" and r.ok
    assert r.profile_reason.startswith("a Go program (go1.") and "Go 1.18 removed it" in r.profile_reason
    assert r.violations == [] and r.check_status == 0
    assert r.counts["funcvalue_checked"] > 0 and "violations: 0" in r.summary
    assert r.instructions > 100_000
    kinds = {c.kind for c in r.calls}
    assert kinds <= {"icall", "ijmp"} and "icall" in kinds
    closures = [c for c in r.calls if c.through_func_value]
    assert closures, "no call through a func value recorded"
    for c in closures:
        assert c.word0 in (c.target, c.target | 1)
        assert c.site_symbol and c.callee_symbol
    user = [c for c in closures if c.site_symbol.startswith("main.")]
    assert user, "no closure call from package main"
    c = user[0]
    assert c.file.endswith("closures.go") and c.line > 0
    assert c.source and "[" in c.source  # the code word was loaded from memory
    seqs = [c.seq for c in r.calls]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_runs_repeat_exactly(arch):
    a = fvemu.run(go_case(arch, "goroutines"), seed=7)
    b = fvemu.run(go_case(arch, "goroutines"), seed=7)
    assert a.stdout == b.stdout and a.instructions == b.instructions
    assert [(c.seq, c.site, c.target, c.ctx) for c in a.calls] == \
        [(c.seq, c.site, c.target, c.ctx) for c in b.calls]


def test_args_env_and_stdin_reach_the_guest(arch):
    r = fvemu.run(c_case(arch, "args_env"), ["one", "two words"], env={"FVEMU_CASE": "42"})
    out = r.stdout.decode()
    assert "one" in out and "two words" in out and "FVEMU_CASE=42" in out
    r = fvemu.run(c_case(arch, "cat_stdin"), stdin=b"hello from python\n")
    assert r.stdout.startswith(b"hello from python\n") and r.exit_code == 0


def test_native_program_without_profile_runs_unchecked(arch):
    r = fvemu.run(c_case(arch, "hello"))
    assert r.exit_code == 0 and r.stdout
    assert r.profile is None and r.profile_reason is None
    assert r.check_status is None and r.counts is None


def test_fvrt_program_profile_is_told_from_its_marker(arch):
    for profile in ("go", "go-step1"):
        r = fvemu.run(fvrt_case(arch, "funcval", profile))
        assert r.exit_code == 0 and r.stdout.endswith(b"funcval ok\n")
        assert r.profile == profile and r.violations == []
        assert r.profile_reason == f"built on fvrt for {profile} (it carries fvrt_profile_" \
                                   f"{profile.replace('-', '_')})"
        assert any(c.through_func_value and c.site_symbol.startswith("fv_call") for c in r.calls) \
            or profile == "go-step1"


def test_guest_killed_by_a_signal_is_a_result_not_an_exception(arch):
    r = fvemu.run(c_case(arch, "null_write"))
    assert r.signal == 11 and r.exit_code == 139
    assert r.kill_report.startswith("guest killed by SIGSEGV at pc=")


def test_limits_end_the_run_with_sigxcpu(arch):
    r = fvemu.run(go_case(arch, "closures"), max_insns=20_000)
    assert r.signal == 24 and r.exit_code == 152
    assert "instruction limit of 20000 reached" in r.kill_report
    assert 20_000 <= r.instructions < 21_000


def test_trace_false_records_nothing(arch):
    r = fvemu.run(go_case(arch, "closures"), trace=False)
    assert r.exit_code == 0 and r.calls == [] and r.violations == [] and r.counts is None
    assert r.profile == "go"


def test_kinds_and_filter_select_what_is_recorded(arch):
    r = fvemu.run(go_case(arch, "closures"), kinds=["call", "ret"], filter=r"^main\.")
    assert r.calls and {c.kind for c in r.calls} == {"call", "ret"}
    for c in r.calls:
        assert (c.site_symbol or "").startswith("main.") or (c.callee_symbol or "").startswith("main.")


def test_check_returns_clean_verdicts(arch):
    r = fvemu.check(go_case(arch, "method_values"))
    assert r.ok and r.check_status == 0 and r.calls == []


@pytest.mark.parametrize("case, rules", [("jmpdefer_to_funcval", ["site"]),
                                         ("gogocallfn_without_ctx", ["entry"]),
                                         ("reflectcall_stale_ctx", ["site", "entry"])])
def test_check_raises_on_violations_with_the_cli_text(arch, case, rules):
    rule = rules[0]
    with pytest.raises(fvemu.ViolationError) as info:
        fvemu.check(bad_fvrt_case(arch, case))
    result = info.value.result
    assert info.value.exit_status == 10 and result.check_status == 10
    assert [v.rule for v in result.violations] == rules
    v = result.violations[0]
    text = str(v)
    assert text.startswith(f"{arch}: rule {rule} at ")
    assert v.arch == arch and v.what in text and v.site_symbol in text
    assert v.evidence["register"] in text and isinstance(v.evidence["listing"], list)
    # Not raising: the same verdicts, returned.
    r = fvemu.check(bad_fvrt_case(arch, case), raise_on_violation=False)
    assert [str(x) for x in r.violations] == [str(x) for x in result.violations]


def test_violation_text_is_the_cli_text(arch):
    import subprocess
    from conftest import BUILD
    path = bad_fvrt_case(arch, "gogocallfn_without_ctx")
    cli = subprocess.run([str(BUILD / "fvemu"), "check", str(path)], capture_output=True, text=True)
    r = fvemu.check(path, raise_on_violation=False)
    assert cli.returncode == r.check_status == 10
    assert "\n".join(str(v) for v in r.violations) in cli.stderr


def test_repr_names_what_it_is(arch):
    r = fvemu.run(go_case(arch, "closures"))
    assert re.match(r"<Result .*closures %s exit_code=0 calls=\d+ violations=0>" % arch, repr(r))
    assert repr(r.calls[0]).startswith("<CallEvent #")


def test_max_calls_keeps_the_first_calls_and_counts_the_rest(arch):
    whole = fvemu.run(go_case(arch, "closures"), max_calls=None)
    capped = fvemu.run(go_case(arch, "closures"), max_calls=10)
    assert whole.calls_dropped == 0 and len(whole.calls) > 10
    assert [c.seq for c in capped.calls] == [c.seq for c in whole.calls[:10]]
    assert capped.calls_dropped == len(whole.calls) - 10
    assert capped.counts == whole.counts  # the checker saw every call all the same


INTERLEAVED = """package main

import "fmt"

func main() {
	fmt.Println(1) // stdout
	println(2)     // stderr
	fmt.Println(3)
}
"""


def test_merge_stderr_keeps_the_order_of_writes(arch, fvemu_builder):
    apart = fvemu_builder.run(INTERLEAVED, arch)
    assert (apart.stdout, apart.stderr) == (b"1\n3\n", b"2\n")
    merged = fvemu_builder.run(INTERLEAVED, arch, merge_stderr=True)
    assert (merged.stdout, merged.stderr) == (b"1\n2\n3\n", b"")
