"""Go programs under fvemu, beyond meeting their expectations (test_cases_vs_qemu):
runs repeat exactly, other seeds (other schedules) still pass, limits hold with many
threads, and stderr is the guest's own."""

import subprocess

import pytest

import cases as C

GO = {c.name: c for c in C.discover() if c.kind == "go"}
CONCURRENT = ("goroutines", "timers", "channels_pipeline", "runtime_faults", "finalizer")


def fvemu_run(case, target, *flags):
    return C.run_fvemu(case, target, list(flags))


@pytest.mark.parametrize("target", C.GO_TARGETS)
@pytest.mark.parametrize("name", CONCURRENT)
def test_runs_repeat_exactly(name, target):
    # Threads, timers, GC and signals, yet the same output and the same syscall trace.
    # On x86 this needs RDTSC on the virtual clock: Go seeds each thread's random
    # generator from it (x86::virtualize_rdtsc).
    first = fvemu_run(GO[name], target, "--strace")
    second = fvemu_run(GO[name], target, "--strace")
    assert first.problems(GO[name]) == []
    assert (first.stdout, first.stderr) == (second.stdout, second.stderr)
    assert first.stderr.count(b"clone(") >= 2  # really multi-threaded


@pytest.mark.parametrize("target", ["386", "amd64", "arm7"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_seeds_give_other_schedules_that_still_pass(target, seed):
    for name in CONCURRENT:
        r = fvemu_run(GO[name], target, "--seed", str(seed))
        assert r.problems(GO[name]) == [], (name, r.stderr[-2000:])


@pytest.mark.parametrize("target", C.GO_TARGETS)
def test_instruction_limit_stops_a_multithreaded_program(target):
    r = fvemu_run(GO["sort_million"], target, "--max-insns", "2000000")
    assert r.exit == 152
    assert b"instruction limit of 2000000 reached" in r.stderr


def test_stderr_is_the_guests():
    case = GO["stderr"]
    for target in C.GO_TARGETS:
        ours = fvemu_run(case, target)
        ref = C.run_reference(case, target)
        assert ours.stderr == ref.stderr and ours.stderr != b"", target
