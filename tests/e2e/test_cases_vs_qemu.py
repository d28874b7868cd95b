"""Every case, on every target it is built for, meets its own expectations under
fvemu and behaves exactly as under the reference (scripts/cases.py: qemu-user for C
cases; for Go cases the host on 386/amd64, qemu-arm on ARM): same stdout, same exit
status."""

import pytest

import cases as C

JOBS = [(case, t) for case in C.discover() for t in case.targets]


@pytest.mark.parametrize("case,target", JOBS, ids=[c.id(t) for c, t in JOBS])
def test_case_matches_expectations_and_qemu(case, target):
    ours = C.run_fvemu(case, target)
    assert ours.problems(case) == [], ours.stderr.decode(errors="replace")
    ref = C.run_reference(case, target)
    assert ref.problems(case) == [], "the reference disagrees with the case itself"
    if case.same_stdout_as_qemu:
        assert ours.stdout == ref.stdout
    assert ours.exit == ref.exit


def test_every_target_has_cases():
    for target in C.TARGETS:
        assert sum(1 for c, t in JOBS if t == target and c.kind == "native") >= 9, target
    for target in C.GO_TARGETS:
        assert sum(1 for c, t in JOBS if t == target and c.kind == "go") >= 20, target
