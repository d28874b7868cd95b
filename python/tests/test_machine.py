"""fvemu.Machine: callbacks on call events with register and memory access, stepping
with limits, and what it refuses."""

import struct
import threading

import pytest

import fvemu
from conftest import fvrt_case, go_case

CTX = {"386": "DX", "amd64": "DX", "arm": "R7"}


def test_callback_sees_the_callees_registers_and_memory(arch):
    m = fvemu.Machine(go_case(arch, "closures"))
    seen = []

    @m.on_call
    def on_call(event, machine):
        if not event.through_func_value:
            return
        ctx = machine.register(CTX[arch])
        word = machine.read_word(ctx)
        raw = machine.read_memory(ctx, 8 if arch == "amd64" else 4)
        pc = machine.register("PC")
        seen.append((event, ctx, word, raw, pc, machine.tid))

    assert on_call is not None  # on_call returns the function: a decorator
    r = m.run()
    assert r.exit_code == 0 and seen
    fmt = "<Q" if arch == "amd64" else "<I"
    for event, ctx, word, raw, pc, tid in seen:
        assert ctx == event.ctx and word == event.word0
        assert struct.unpack(fmt, raw)[0] == word
        assert pc == event.target and tid == event.tid
    # The recorded calls include every callback event.
    assert len([c for c in r.calls if c.through_func_value]) == len(seen)


def test_callback_filters_by_kind_and_symbol(arch):
    m = fvemu.Machine(go_case(arch, "closures"))
    events = []
    m.on_call(lambda e, _: events.append(e), kinds=["call"], filter=r"^main\.callTwice")
    m.run()
    assert events and {e.kind for e in events} == {"call"}
    assert all("main.callTwice" in (e.site_symbol or "") + (e.callee_symbol or "")
               for e in events)


def test_exception_in_a_callback_stops_the_run_and_is_raised(arch):
    m = fvemu.Machine(go_case(arch, "closures"))
    calls = []

    def boom(event, machine):
        calls.append(event)
        raise LookupError("stop here")

    m.on_call(boom)
    with pytest.raises(LookupError, match="stop here"):
        m.run()
    assert len(calls) == 1 and m.finished


def test_stepping_pauses_and_resumes_exactly(arch):
    whole = fvemu.run(fvrt_case(arch, "goroutines"))
    m = fvemu.Machine(fvrt_case(arch, "goroutines"))
    steps, last = 0, 0
    while (r := m.step(5_000)) is None:
        steps += 1
        assert m.instructions >= last + 5_000  # at least the step, to a block boundary
        assert m.instructions < last + 5_000 + 1_000
        last = m.instructions
        assert m.register("PC") != 0
    assert steps >= 2 and not r.signal
    assert r.stdout == whole.stdout and r.instructions == whole.instructions
    assert [(c.seq, c.site, c.target) for c in r.calls] == \
        [(c.seq, c.site, c.target) for c in whole.calls]
    assert m.step(1) is r and m.run() is not None  # finished: the same result


def test_step_then_read_state_between_steps(arch):
    m = fvemu.Machine(go_case(arch, "closures"))
    assert m.step(0) is None and m.instructions == 0  # nothing run yet
    m.step(10_000)
    sp = m.register("SP")
    assert m.read_memory(sp, 4) and m.symbol(m.register("PC"))
    assert m.stdout == b""  # the Go runtime is still starting
    assert m.run().exit_code == 0 and m.stdout.endswith(b"closures ok\n")


def test_machine_refuses_what_it_cannot_do(arch):
    m = fvemu.Machine(go_case(arch, "closures"))
    with pytest.raises(fvemu.UsageError, match="no register XYZ on " + arch):
        m.register("XYZ")
    with pytest.raises(fvemu.UsageError, match="not all mapped"):
        m.read_memory(0, 16)
    with pytest.raises(fvemu.UsageError, match="unknown kind 'jump'"):
        m.on_call(print, kinds=["jump"])
    m.step(1000)
    with pytest.raises(fvemu.UsageError, match="before the machine first runs"):
        m.on_call(print)
    with pytest.raises(fvemu.UsageError, match="trace=False"):
        fvemu.Machine(go_case(arch, "closures"), trace=False).on_call(print)


def test_state_cannot_be_read_from_another_thread_while_running(arch):
    m = fvemu.Machine(go_case(arch, "closures"))
    errors, started = [], threading.Event()
    release = threading.Event()

    def slow(event, machine):
        if not started.is_set():
            started.set()
            release.wait(10)

    m.on_call(slow)
    t = threading.Thread(target=m.run)
    t.start()
    assert started.wait(10)
    try:
        m.register("PC")
    except fvemu.UsageError as e:
        errors.append(str(e))
    release.set()
    t.join(30)
    assert errors == ["register: the machine is running in another thread"]
