"""`fvemu trace`: the hand-written assembly programs produce exactly the call events
written beside them (cases/native/*/trace_calls.S), the Go cases show their known
closure call sites on every Go target, traces repeat byte for byte, and the command
line refuses bad input with one line."""

import json
import re
import subprocess

import pytest

import cases as C

CASES = C.discover()
EVENT_JOBS = [(c, t) for c in CASES if c.events for t in c.targets]
CALL_JOBS = [(c, t) for c in CASES if c.calls for t in c.targets]


def fvemu(*args, timeout=120):
    return subprocess.run([str(C.FVEMU), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def trace(binary, tmp_path, *options):
    out = tmp_path / "trace.jsonl"
    r = fvemu("trace", *options, "--out", out, binary)
    assert r.returncode == 0, r.stderr
    *events, end = [json.loads(line) for line in out.read_text().splitlines()]
    assert end["end"] == "exited" and end["status"] == 0 and end["events"] == len(events), end
    return events, out


def symbols(binary, target):
    """Address -> name of every symbol, from nm (for addresses in source= texts)."""
    nm = "arm-linux-gnueabihf-nm" if target.startswith("arm") else "nm"
    table = {}
    for line in subprocess.run([nm, str(binary)], capture_output=True, text=True).stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and not parts[2].startswith("$"):
            table.setdefault(int(parts[0], 16), parts[2])
    return table


def symbolic_source(source, table):
    """The tracer's source text with absolute addresses named: [0x804a010] -> [fnptr]."""
    if source is None:
        return None
    return re.sub(r"0x[0-9a-f]+", lambda m: table.get(int(m.group(0), 16), m.group(0)), source)


def render(event, table):
    """An event as a `//! event:` line would write it (only the fields it gives)."""
    return {
        "head": f"{event['kind']} {event['site_symbol']} -> {event['callee_symbol']}",
        "ctx": event["ctx_symbol"],
        "word0": table.get(int(event["word0"], 16)) if event["word0"] else None,
        "source": symbolic_source(event["source"], table),
    }


def expected(line):
    head, _, rest = line.partition(" source=")
    words = head.split()
    want = {"head": " ".join(words[:4])}
    for w in words[4:]:
        key, _, value = w.partition("=")
        want[key] = value
    if rest:
        want["source"] = rest.strip()
    return want


@pytest.mark.parametrize("case,target", EVENT_JOBS, ids=[c.id(t) for c, t in EVENT_JOBS])
def test_assembly_program_gives_exactly_its_events(case, target, tmp_path):
    binary = case.binary(target)
    events, _ = trace(binary, tmp_path, "--kinds", "call,icall,ijmp,ret")
    table = symbols(binary, target)
    got = [render(e, table) for e in events]
    want = [expected(line) for line in case.events]
    assert [g["head"] for g in got] == [w["head"] for w in want]
    for i, (g, w) in enumerate(zip(got, want)):
        for key in ("ctx", "word0", "source"):
            if key in w:
                assert g[key] == w[key], f"event {i + 1} ({w['head']}): {key}"


@pytest.mark.parametrize("case,target", CALL_JOBS, ids=[c.id(t) for c, t in CALL_JOBS])
def test_go_closure_call_sites_are_traced(case, target, tmp_path):
    events, _ = trace(case.binary(target), tmp_path, "--filter", r"^main\.")
    seen = {((e["site_symbol"] or "").split("+")[0], e["callee_symbol"])
            for e in events if e["kind"] == "icall"}
    missing = [c for c in case.calls if c not in seen]
    assert not missing, f"not traced: {missing}"
    # Each of them loaded its target from word 0 of the context register.
    ctx = "R7" if target.startswith("arm") else "DX"
    for e in events:
        key = ((e["site_symbol"] or "").split("+")[0], e["callee_symbol"])
        if e["kind"] == "icall" and key in case.calls:
            assert e["word0"] == e["target"], e


@pytest.mark.parametrize("target", ["386", "amd64", "arm7"])
def test_trace_files_repeat_byte_for_byte(target, tmp_path):
    binary = C.BUILD / "go" / target / "goroutines"
    first = tmp_path / "a.jsonl"
    second = tmp_path / "b.jsonl"
    for out in (first, second):
        r = fvemu("trace", "--kinds", "icall,ijmp,ret", "--out", out, binary)
        assert r.returncode == 0, r.stderr
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 10000


def test_filters_keep_only_what_they_name(tmp_path):
    binary = C.BUILD / "go" / "amd64" / "closures"
    everything, _ = trace(binary, tmp_path, "--kinds", "icall,ijmp,ret")
    kinds = {e["kind"] for e in everything}
    assert kinds == {"icall", "ijmp", "ret"}
    only_icall, _ = trace(binary, tmp_path, "--kinds", "icall", "--filter", "callTwice")
    assert only_icall and all(e["kind"] == "icall" for e in only_icall)
    assert all("callTwice" in (e["site_symbol"] or "") + (e["callee_symbol"] or "")
               for e in only_icall)
    tids = {e["tid"] for e in everything}
    assert len(tids) > 1  # Go starts threads even for this program
    one, _ = trace(binary, tmp_path, "--kinds", "icall,ijmp,ret", "--thread", min(tids))
    assert one and {e["tid"] for e in one} == {min(tids)}


def test_summary_is_the_default_and_counts_sites():
    r = fvemu("trace", C.BUILD / "go" / "386" / "closures")
    assert r.returncode == 0
    assert "closures ok" in r.stdout
    lines = r.stderr.splitlines()
    head = next(l for l in lines if l.startswith("fvemu trace: "))
    assert re.match(r"fvemu trace: \d+ events at \d+ call sites: icall \d+ at \d+ sites", head)
    row = next(l for l in lines if "main.callTwice" in l)
    assert "icall" in row and "main.double" in row and "AX <- [DX+0]" in row


@pytest.mark.parametrize("args,message", [
    (["--kinds", "icall,jump"], "unknown kind 'jump'"),
    (["--filter", "main.("], "--filter main.("),
    (["--out", "/nonexistent/dir/x.jsonl"], "--out /nonexistent/dir/x.jsonl"),
    (["--profile", "nope"], "unknown --profile nope"),
])
def test_bad_options_get_one_line_and_125(args, message):
    r = fvemu("trace", *args, C.BUILD / "cases" / "amd64" / "hello")
    assert r.returncode == 125
    assert r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and message in r.stderr, r.stderr
