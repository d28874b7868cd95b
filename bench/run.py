#!/usr/bin/python3
"""Compare fvemu's wall time with qemu-user's, and with its own floor, on the same binaries.

For each target, runs `fvemu run build/cases/<t>/compute N`, the same under
`fvemu run --floor` (bare Unicorn: no block hook) and `qemu-<arch> ... N` in
turn, --repeat times each, strictly one process at a time, checks that all
print the same stdout (the same checksum), and prints a Markdown table of the
medians and of the ratios fvemu/qemu (against the goal) and fvemu/floor.

With --go it instead runs every Go program in build/go/<t>/ (the corpus
cases/go/*.go, with the arguments and environment of its `//!` lines, and the
benchmark's own bench/go_heavy.go) and reports the corpus's wall time and peak
RSS, and those of sort_million and go_heavy alone, under fvemu, its floor and
qemu-user. A peer's failure (crash, wrong result, timeout) leaves that program
out of the peer's figures instead of failing.

With --go --trace it instead times, per Go program, `fvemu run` (untraced),
`fvemu trace` to a summary, `fvemu trace --out FILE` (JSON Lines), qemu-user,
`fvemu check`, and on sort_million also `fvemu trace --kinds call,icall,ijmp,ret`;
and reports the cost of tracing and checking against the untraced run. Every
traced run must print exactly the untraced run's stdout.

Exit status: 0 on success, 1 if a run fails or fvemu's output differs from
qemu's (--go: from the program's `//!` expectations), 2 if the build, a
benchmark binary or qemu is missing, or the arguments are wrong.

Standard library only; run with /usr/bin/python3.
"""

import argparse
import datetime
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import target_table  # noqa: E402  (targets.json)

DEFAULT_TARGETS = list(target_table.TARGETS)
QEMU = {t: target_table.QEMU[t] for t in target_table.TARGETS}
GO_QEMU = {t: target_table.QEMU[t] for t in target_table.GO_TARGETS}
GO_HEAVY = "sort_million"  # the CPU-heavy Go case of cases/go, also reported alone
GO_OWN = "go_heavy"  # bench/go_heavy.go: the benchmark's own CPU-heavy Go program
GO_TARGET = 1.5  # --go: the goal for fvemu/qemu on the Go programs
RSS_TARGET = 1.5  # --go: the goal for fvemu's peak RSS over qemu's
COMPUTE_TARGET = 2.0  # the goal for fvemu/qemu on compute
TRACE_ALL_KINDS = "call,icall,ijmp,ret"  # --trace: the worst case, on GO_HEAVY only
TRACE_TARGET = 1.5  # --trace: the goal for (trace to a summary) / (untraced run)
CHECK_TARGET = 1.2  # --trace: the goal for (fvemu check) / (untraced run)
SOURCE = Path(__file__).resolve().parent.parent
cases = None  # scripts/cases.py (the `//!` format, shared with the tests); main_go imports it


def die(code, msg):
    print(f"bench/run.py: error: {msg}", file=sys.stderr)
    sys.exit(code)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parse_args():
    p = argparse.ArgumentParser(
        description="Wall time of fvemu vs qemu-user on bench/compute.c, "
                    "or (--go) wall time and peak RSS on the Go corpus.")
    p.add_argument("--go", action="store_true",
                   help="benchmark the Go corpus (build/go/<target>/*) "
                        "instead of one C program")
    p.add_argument("--trace", action="store_true",
                   help="with --go: also time `fvemu trace` (to a summary, to "
                        "JSON Lines, and all kinds on sort_million) against "
                        "the untraced run")
    p.add_argument("--iterations", type=int, metavar="N",
                   help="iteration count passed to compute (default 20)")
    p.add_argument("--program", choices=("compute", "hello"),
                   help="compute: compute-bound (bench/compute.c); hello: a run "
                        "dominated by start-up (cases/native/hello.c), taking no "
                        "iterations (default compute)")
    p.add_argument("--repeat", type=int, metavar="R",
                   help="runs of each emulator per target (--go: per program); "
                        "the median is reported (default 3; --go: 1)")
    p.add_argument("--targets",
                   help="comma-separated subset of " + ",".join(DEFAULT_TARGETS)
                        + " (--go: of " + ",".join(GO_QEMU) + ") (default: all)")
    p.add_argument("--timeout", type=float, default=60, metavar="S",
                   help="--go only: a qemu run taking longer is killed and "
                        "counted as a qemu failure (default 60)")
    p.add_argument("--build", type=Path, default=SOURCE / "build",
                   metavar="DIR",
                   help="build directory (default: ../build relative to "
                        "this script)")
    p.add_argument("--markdown", type=Path, metavar="FILE",
                   help="also write the header line and table to FILE")
    args = p.parse_args()
    if args.go and (args.program or args.iterations is not None):
        die(2, "--go takes neither --program nor --iterations")
    if args.trace and not args.go:
        die(2, "--trace needs --go")
    args.program = args.program or "compute"
    args.iterations = 20 if args.iterations is None else args.iterations
    args.repeat = (1 if args.go else 3) if args.repeat is None else args.repeat
    if args.iterations < 1:
        die(2, "--iterations must be at least 1")
    if args.repeat < 1:
        die(2, "--repeat must be at least 1")
    if args.timeout <= 0:
        die(2, "--timeout must be positive")
    known = list(GO_QEMU) if args.go else DEFAULT_TARGETS
    targets = [t.strip() for t in (args.targets or ",".join(known)).split(",")
               if t.strip()]
    unknown = [t for t in targets if t not in known]
    if not targets or unknown:
        die(2, f"unknown target(s) {','.join(unknown) or '(none given)'}; "
               f"choose from {','.join(known)}")
    args.targets = targets
    return args


def check_inputs(build, targets, programs, qemus=QEMU, subdir="cases"):
    """Return (fvemu path, {target: ({program: path}, qemu path)}) or exit 2."""
    fvemu = build / "fvemu"
    if not (fvemu.is_file() and os.access(fvemu, os.X_OK)):
        die(2, f"{fvemu} not found or not executable; "
               f"build first: cmake --build {build}")
    plan = {}
    for t in targets:
        paths = {name: build / subdir / t / name for name in programs}
        for prog in paths.values():
            if not prog.is_file():
                die(2, f"{prog} not found; build first: cmake --build {build}")
        qemu = shutil.which(qemus[t])
        if qemu is None:
            die(2, f"{qemus[t]} not found on PATH (needed for target {t}); "
                   "install qemu-user")
        plan[t] = (paths, qemu)
    return fvemu, plan


def timed_run(argv, cwd=None, timeout=None):
    """Run argv to completion; return (seconds, CompletedProcess, peak RSS
    in KiB of that child alone). Past `timeout` seconds the child is killed
    and subprocess.TimeoutExpired raised."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=err)
        pidfd = os.pidfd_open(child.pid)  # readable once the child exits
        try:
            exited = select.select([pidfd], [], [], timeout)[0]
            if not exited:
                os.kill(child.pid, signal.SIGKILL)
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            os.close(pidfd)
        secs = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # as Popen would
        if not exited:
            raise subprocess.TimeoutExpired(argv, timeout)
        out.seek(0)
        err.seek(0)
        proc = subprocess.CompletedProcess(argv, child.returncode,
                                           out.read(), err.read())
    return secs, proc, usage.ru_maxrss


def fail_run(what, argv, proc, why=None):
    why = why or f"exited with status {proc.returncode}"
    log(f"bench/run.py: FAILED: {what} {why}")
    log(f"  command: {' '.join(map(str, argv))}")
    log("  stdout:\n" + indent(proc.stdout))
    log("  stderr:\n" + indent(proc.stderr))
    sys.exit(1)


def indent(data):
    text = data.decode("utf-8", "replace").rstrip("\n")
    if not text:
        return "    (empty)"
    return "\n".join("    " + line for line in text.split("\n"))


def bench_target(t, fvemu, prog, qemu, iterations, repeat):
    """Alternate fvemu, fvemu --floor and qemu runs; return their times as
    {"fvemu"|"floor"|"qemu": [seconds]}. Every run must print qemu's stdout.
    `iterations` is None for a program that takes none (hello)."""
    extra = [] if iterations is None else [str(iterations)]
    runners = (("fvemu", [str(fvemu), "run", str(prog)] + extra),
               ("floor", [str(fvemu), "run", "--floor", str(prog)] + extra),
               ("qemu", [qemu, str(prog)] + extra))
    times = {name: [] for name, _ in runners}
    outputs = {}
    for i in range(1, repeat + 1):
        for name, argv in runners:
            secs, proc, _ = timed_run(argv)
            log(f"  {t:8} {name:5} run {i}/{repeat}: {secs:8.2f} s")
            if proc.returncode != 0:
                fail_run(f"{name} on {t}", argv, proc)
            times[name].append(secs)
            outputs.setdefault(name, proc.stdout)
            if proc.stdout != outputs[name]:
                log(f"bench/run.py: FAILED: {name} on {t} is not deterministic "
                    "(stdout differs between runs)")
                sys.exit(1)
    reference = outputs["qemu"]
    if iterations is not None and f"iterations={iterations}".encode() not in reference:
        log(f"bench/run.py: FAILED: qemu on {t} did not print iterations={iterations}")
        log("  stdout:\n" + indent(reference))
        sys.exit(1)
    for name, argv in runners[:2]:
        if outputs[name] != reference:
            log(f"bench/run.py: FAILED: {name}'s stdout differs from qemu's on {t} "
                "(wrong result; timings discarded)")
            log(f"  command: {' '.join(argv)}")
            log(f"  {name} stdout:\n" + indent(outputs[name]))
            log("  qemu stdout:\n" + indent(reference))
            sys.exit(1)
    return times


def cmd_first_line(argv):
    try:
        out = subprocess.run(argv, stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    out = out.strip()
    return out.splitlines()[0] if out else None


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                # x86: "model name"; some ARM kernels: "Model"/"Hardware".
                if key.strip() in ("model name", "Model", "Hardware"):
                    return value.strip()
    except OSError:
        pass
    return "unknown"


def nproc():
    return cmd_first_line(["nproc"]) or str(os.cpu_count() or "?")


def header_line(plan, fvemu):
    qemu_bin = shutil.which("qemu-x86_64") or next(iter(plan.values()))[1]
    qemu_ver = cmd_first_line([qemu_bin, "--version"]) or "unknown"
    # The engines fvemu links statically, as it reports them, and their package.
    fvemu_ver = cmd_first_line([str(fvemu), "--version"]) or "fvemu (version unknown)"
    uc_pkg = cmd_first_line(
        ["dpkg-query", "-W", "-f", "${Version}", "libunicorn-dev"]) or "unknown"
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    return (f"{date} (UTC); nproc {nproc()}; CPU: {cpu_model()}; "
            f"qemu: {qemu_ver}; {fvemu_ver}, libunicorn-dev {uc_pkg}")


def fmt_secs(s):
    return f"{s:.3f}" if s < 1 else f"{s:.2f}"


def go_outcome(proc):
    """The run as scripts/cases.py sees it (death by signal N: exit 128+N)."""
    code = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode
    return cases.Outcome(code, proc.stdout, proc.stderr)


def peer_run(case, argv, cwd, timeout):
    """Run a peer (qemu, the floor) on a Go case: (None, (seconds, RSS KiB)), or
    (why it failed, its stderr)."""
    try:
        secs, proc, rss = timed_run(argv, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timeout {timeout:.1f} s", ""
    out = go_outcome(proc)
    if out.problems(case):
        return ("wrong stdout" if out.exit == case.exit else f"exit {out.exit}",
                out.stderr.decode("utf-8", "replace").strip())
    return None, (secs, rss)


def bench_go_target(t, programs, qemu, repeat, timeout):
    """Run each program under fvemu, fvemu --floor and qemu in turn, `repeat`
    times. Return ({name: {"fvemu"|"floor"|"qemu": [(seconds, RSS KiB)]}},
    {name: why qemu failed}, {name: why the floor failed}). fvemu missing an
    expectation exits 1; a failing peer is left out from then on."""
    runs, q_failed, f_failed = {}, {}, {}
    for case in programs:
        cwd = case.source.parent
        f_argv = cases.fvemu_command(case, t)
        floor_argv = cases.fvemu_command(case, t, ["--floor"])
        q_argv = ["env", "-i", *case.env, qemu, str(case.binary(t)), *case.args]
        got = runs[case.name] = {"fvemu": [], "floor": [], "qemu": []}
        for i in range(1, repeat + 1):
            secs, proc, rss = timed_run(f_argv, cwd=cwd)
            log(f"  {t:8} {case.name:18} fvemu run {i}/{repeat}: "
                f"{secs:7.2f} s {rss / 1024:7.1f} MiB")
            problems = go_outcome(proc).problems(case)
            if problems:
                fail_run(f"fvemu on {t} ({case.name})", f_argv, proc,
                         "missed its expectations: " + "; ".join(problems))
            got["fvemu"].append((secs, rss))
            # The floor has no instruction count: programs that need preemption or
            # timers to advance may never end there. Ten times fvemu's time is plenty.
            peers = (("floor", floor_argv, f_failed, min(timeout, 10 * secs + 5)),
                     ("qemu", q_argv, q_failed, timeout))
            for peer, argv, failed, limit in peers:
                if case.name in failed:
                    continue
                why, result = peer_run(case, argv, cwd, limit)
                if why:
                    failed[case.name] = why
                    log(f"  {t:8} {case.name:18} {peer:5} run {i}/{repeat}: FAILED "
                        f"({why}) {result.split(chr(10))[0]}")
                    continue
                log(f"  {t:8} {case.name:18} {peer:5} run {i}/{repeat}: "
                    f"{result[0]:7.2f} s {result[1] / 1024:7.1f} MiB")
                got[peer].append(result)
    return runs, q_failed, f_failed


def go_summary(per_program):
    """(summed median seconds, peak RSS MiB) over per-program run lists,
    or None if there are none."""
    if not per_program:
        return None
    return (sum(statistics.median(s for s, _ in r) for r in per_program),
            max(rss for r in per_program for _, rss in r) / 1024)


def verdict(ratio, goal):
    return f"{ratio:.2f} ok" if ratio <= goal else f"**{ratio:.2f} over**"


def go_row(t, label, names, runs, q_failed, f_failed):
    """A table row over the programs `names`: fvemu against its floor and
    against qemu, each over the programs that peer ran (a dash: none)."""
    dash = "—"

    def total(peer, among):
        return go_summary([runs[n][peer] for n in among])

    f = total("fvemu", names)
    q_names = [n for n in names if n not in q_failed]
    floor_names = [n for n in names if n not in f_failed]
    q, f_q = total("qemu", q_names), total("fvemu", q_names)
    fl, f_fl = total("floor", floor_names), total("fvemu", floor_names)
    cells = [fmt_secs(f[0]), fmt_secs(fl[0]) if fl else dash, fmt_secs(q[0]) if q else dash,
             verdict(f_q[0] / q[0], GO_TARGET) if q else dash,
             f"{f_fl[0] / fl[0]:.2f}" if fl else dash,
             f"{f[1]:.1f}", f"{q[1]:.1f}" if q else dash,
             verdict(f_q[1] / q[1], RSS_TARGET) if q else dash]
    return f"| {t} | {label} | " + " | ".join(cells) + " |"


def emit_table(lines, notes, args):
    """Prints the table lines and footnotes, and writes them to --markdown."""
    lines = lines + (["", *notes] if notes else [])
    table = "\n".join(lines) + "\n"
    print(table, end="")
    if args.markdown:
        args.markdown.write_text(table)


def load_go(args):
    """Import scripts/cases.py; return (fvemu, corpus, plan, header) or exit 2."""
    global cases
    os.environ["FVEMU_BUILD"] = str(args.build.resolve())  # read on import
    sys.path.insert(0, str(SOURCE / "scripts"))
    import cases
    corpus = [cases.parse_case(src, cases.GO_TARGETS, "go")
              for src in sorted((SOURCE / "cases" / "go").glob("*.go"))]
    if not corpus:
        die(2, f"no Go programs in {SOURCE / 'cases' / 'go'}")
    fvemu, plan = check_inputs(args.build, args.targets,
                               [c.name for c in corpus] + [GO_OWN], GO_QEMU, "go")
    return fvemu, corpus, plan, header_line(plan, fvemu)


def main_go(args):
    if args.trace:
        return main_go_trace(args)
    _, corpus, plan, header = load_go(args)
    heavy = cases.parse_case(SOURCE / "bench" / f"{GO_OWN}.go", cases.GO_TARGETS, "go")
    programs = corpus + [heavy]
    log(f"bench: Go corpus ({len(corpus)} programs) and {GO_OWN} x {len(plan)} target(s), "
        f"{args.repeat} run(s) each of fvemu, fvemu --floor and qemu, sequentially")
    t0 = time.perf_counter()
    rows, notes = [], []
    for t, (_, qemu) in plan.items():
        runs, q_failed, f_failed = bench_go_target(t, programs, qemu, args.repeat, args.timeout)
        names = [c.name for c in corpus]
        failed_here = {n for n in q_failed} | {n for n in f_failed}
        mark = f" [{len(notes) + 1}]" if failed_here else ""
        rows.append(go_row(t, f"corpus, {len(names)}{mark}", names, runs, q_failed, f_failed))
        for name in (GO_HEAVY, GO_OWN):
            rows.append(go_row(t, name + (mark if name in failed_here else ""), [name],
                               runs, q_failed, f_failed))
        if failed_here:
            parts = [f"{peer} failed on {', '.join(f'{n} ({why})' for n, why in failed.items())}"
                     for peer, failed in ((GO_QEMU[t], q_failed), ("fvemu --floor", f_failed))
                     if failed]
            notes.append(f"[{len(notes) + 1}] On {t}: {'; '.join(parts)}. Each peer's column "
                         "and ratio cover only the programs it ran (fvemu summed over the "
                         "same ones); fvemu's own seconds and RSS cover them all.")
    total = time.perf_counter() - t0

    lines = [
        header,
        "",
        "| target (Go) | programs | fvemu s | floor s | qemu-user s "
        f"| fvemu/qemu (goal ≤ {GO_TARGET}) | fvemu/floor | fvemu peak RSS MiB "
        f"| qemu-user peak RSS MiB | RSS fvemu/qemu (goal ≤ {RSS_TARGET}) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Seconds: sum over the programs of the median of {args.repeat} wall-clock "
        "run(s) each; peak RSS: the largest ru_maxrss of any one run. floor: "
        f"`fvemu run --floor` (bare Unicorn, no block hook). {GO_OWN}: "
        "bench/go_heavy.go (maps, sort.Slice, strings, a goroutine pipeline).",
    ]
    emit_table(lines, notes, args)
    log(f"bench: fvemu met every program's expectations; total {total:.0f} s")
    return 0


SUMMARY_HEAD = re.compile(rb"^fvemu trace: (\d+) events", re.M)


def trace_command(case, t, options):
    """`fvemu trace OPTIONS PROGRAM ARGS`, with the case's --ro/--rw/--env as
    `fvemu run` gets them (cases.fvemu_command puts `options` before PROGRAM)."""
    argv = cases.fvemu_command(case, t, options)
    assert argv[1] == "run", argv
    argv[1] = "trace"
    return argv


def check_command(case, t):
    """`fvemu check PROGRAM ARGS` with the case's options, as trace_command."""
    argv = cases.fvemu_command(case, t)
    argv[1] = "check"
    return argv


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 24):
            n += chunk.count(b"\n")
    return n


def bench_trace_target(t, corpus, qemu, repeat, timeout, tmpdir):
    """Per program and round, strictly in turn: `fvemu run`, `fvemu trace` to
    a summary, `fvemu trace --out` to JSON Lines, on GO_HEAVY also all kinds
    to a summary, then qemu (until it fails once). Return (times, events,
    failed): times[name][variant] and events[name][variant] are lists over the
    rounds (variants run, summary, jsonl, all, qemu; events: JSONL lines, or
    the count the summary reports), failed[name] says why qemu failed.
    An fvemu run missing its expectations, or a traced run whose stdout or
    exit status differs from that round's untraced run, exits 1."""
    times, events, failed = {}, {}, {}
    jsonl = tmpdir / f"{t}.jsonl"
    for case in corpus:
        cwd = case.source.parent
        variants = [("run", "untraced", cases.fvemu_command(case, t)),
                    ("summary", "trace summary", trace_command(case, t, [])),
                    ("jsonl", "trace jsonl", trace_command(case, t, ["--out", str(jsonl)])),
                    ("check", "check", check_command(case, t))]
        if case.name == GO_HEAVY:
            variants.append(("all", "trace all", trace_command(
                case, t, ["--kinds", TRACE_ALL_KINDS])))
        got = times[case.name] = {v: [] for v, _, _ in variants}
        got["qemu"] = []
        ev = events[case.name] = {v: [] for v, _, _ in variants[1:] if v != "check"}
        q_argv = ["env", "-i", *case.env, qemu, str(case.binary(t)), *case.args]
        for i in range(1, repeat + 1):
            untraced = None
            for variant, label, argv in variants:
                try:
                    secs, proc, _ = timed_run(argv, cwd=cwd)
                    out = go_outcome(proc)
                    count = None
                    if variant == "jsonl" and out.exit == case.exit:
                        count = count_lines(jsonl) - 1  # the closing line
                finally:
                    jsonl.unlink(missing_ok=True)  # can be gigabytes
                if variant not in ("jsonl", "check"):
                    m = SUMMARY_HEAD.search(proc.stderr)
                    count = int(m.group(1)) if m else None
                if untraced is None:
                    problems = out.problems(case)
                    if problems:
                        fail_run(f"fvemu on {t} ({case.name})", argv, proc,
                                 "missed its expectations: " + "; ".join(problems))
                    untraced = out
                elif (out.exit, out.stdout) != (untraced.exit, untraced.stdout):
                    log("  untraced stdout:\n" + indent(untraced.stdout))
                    why = [f"exit {out.exit}, untraced {untraced.exit}"
                           ] if out.exit != untraced.exit else []
                    if out.stdout != untraced.stdout:
                        why.append("stdout differs from the untraced run's")
                    fail_run(f"fvemu {label} on {t} ({case.name})", argv, proc,
                             "changed the program: " + "; ".join(why))
                elif count is None and variant != "check":
                    fail_run(f"fvemu {label} on {t} ({case.name})", argv, proc,
                             "gave no event count (no summary line on stderr)")
                got[variant].append(secs)
                if variant not in ("run", "check"):
                    ev[variant].append(count)
                log(f"  {t:8} {case.name:18} {label:13} run {i}/{repeat}: "
                    f"{secs:7.2f} s" + (f" {count:11,} events" if count is not None else ""))
            if ev["summary"][-1] != ev["jsonl"][-1]:
                log(f"  {t:8} {case.name:18} note: the summary counts "
                    f"{ev['summary'][-1]} events, the JSONL file has {ev['jsonl'][-1]}")
            if case.name in failed:
                continue
            try:
                secs, proc, _ = timed_run(q_argv, cwd=cwd, timeout=timeout)
                out = go_outcome(proc)
                why = out.problems(case) and (
                    f"exit {out.exit}" if out.exit != case.exit else "wrong stdout")
            except subprocess.TimeoutExpired:
                why, out = f"timeout {timeout:g} s", None
            if why:
                failed[case.name] = why  # no more qemu runs of it; fvemu's go on
                stderr = out.stderr.decode("utf-8", "replace").strip() if out else ""
                log(f"  {t:8} {case.name:18} {'qemu':13} run {i}/{repeat}: FAILED "
                    f"({why}) {stderr.split(chr(10))[0]}")
                continue
            log(f"  {t:8} {case.name:18} {'qemu':13} run {i}/{repeat}: {secs:7.2f} s")
            got["qemu"].append(secs)
    return times, events, failed


def trace_row(t, label, names, times, events, failed, all_kinds=False):
    """One table row over the programs `names`: untraced, traced (to a
    summary; all_kinds: with every kind, and no JSONL or qemu cells), their
    ratio against TRACE_TARGET, JSONL, events, and qemu over the programs
    qemu ran."""
    med = statistics.median

    def total(variant, among=names):
        return sum(med(times[n][variant]) for n in among)

    dash = "—"
    untraced = total("run")
    traced = total("all" if all_kinds else "summary")
    ratio = traced / untraced
    cost = f"{ratio:.2f} (worst case)" if all_kinds else verdict(ratio, TRACE_TARGET)
    cells = [fmt_secs(untraced), fmt_secs(traced), cost]
    if all_kinds:
        n_events = sum(med(events[n]["all"]) for n in names)
        cells += [dash, dash, f"{n_events:,.0f}", dash, dash, dash, dash]
    else:
        jsonl = total("jsonl")
        n_events = sum(med(events[n]["jsonl"]) for n in names)
        q_names = [n for n in names if n not in failed]
        cells += [fmt_secs(jsonl), f"{jsonl / untraced:.2f}", f"{n_events:,.0f}"]
        if q_names:
            qemu = total("qemu", q_names)
            cells += [fmt_secs(qemu), f"{total('run', q_names) / qemu:.2f}"]
        else:
            cells += [dash, dash]
        check = total("check")
        cells += [fmt_secs(check), verdict(check / untraced, CHECK_TARGET)]
    return f"| {t} | {label} | " + " | ".join(cells) + " |"


def main_go_trace(args):
    fvemu, corpus, plan, header = load_go(args)
    if subprocess.run([str(fvemu), "trace", "--help"], stdin=subprocess.DEVNULL,
                      capture_output=True).returncode != 0:
        die(2, f"{fvemu} has no working `trace` command; build first: "
               f"cmake --build {args.build}")
    if GO_HEAVY not in [c.name for c in corpus]:
        die(2, f"no {GO_HEAVY}.go in {SOURCE / 'cases' / 'go'}")
    log(f"bench: Go corpus traced, {len(corpus)} programs x {len(plan)} target(s), "
        f"{args.repeat} round(s) each of untraced, trace summary, trace jsonl "
        f"({GO_HEAVY}: and trace all) and qemu, sequentially")
    t0 = time.perf_counter()
    rows, notes = [], []
    with tempfile.TemporaryDirectory(prefix="fvemu-bench-") as tmp:
        for t, (_, qemu) in plan.items():
            times, events, failed = bench_trace_target(
                t, corpus, qemu, args.repeat, args.timeout, Path(tmp))
            names = list(times)
            mark = f" [{len(notes) + 1}]" if failed else ""
            q_ok = len([n for n in names if n not in failed])
            qemu_part = f" (qemu: {q_ok} of {len(names)})" if failed else ""
            rows.append(trace_row(t, f"corpus, {len(names)}{qemu_part}{mark}",
                                  names, times, events, failed))
            rows.append(trace_row(t, GO_HEAVY + (mark if GO_HEAVY in failed else ""),
                                  [GO_HEAVY], times, events, failed))
            rows.append(trace_row(t, f"{GO_HEAVY}, --kinds {TRACE_ALL_KINDS}",
                                  [GO_HEAVY], times, events, failed, all_kinds=True))
            if failed:
                by_why = {}
                for name, why in failed.items():
                    by_why.setdefault(why, []).append(name)
                which = "; ".join(f"{why}: {', '.join(ns)}"
                                  for why, ns in by_why.items())
                notes.append(
                    f"[{len(notes) + 1}] {GO_QEMU[t]} crashed or failed on "
                    f"{len(failed)} of {len(names)} programs on {t} ({which}). "
                    "The qemu-user column and untraced/qemu cover only the "
                    "programs qemu ran (untraced summed over the same ones); "
                    "the fvemu columns cover them all.")
    total = time.perf_counter() - t0

    lines = [
        header,
        "",
        "| target (Go) | programs | untraced s | trace, summary s "
        f"| summary/untraced (goal ≤ {TRACE_TARGET}) | trace, JSONL s "
        "| JSONL/untraced | events | qemu-user s | untraced/qemu "
        f"| check s | check/untraced (goal ≤ {CHECK_TARGET}) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Seconds: sum over the programs of the median of {args.repeat} "
        "wall-clock run(s) each. untraced: `fvemu run`; trace, summary: "
        "`fvemu trace PROGRAM` (kinds icall,ijmp, per-call-site summary to "
        "stderr); trace, JSONL: `fvemu trace --out FILE PROGRAM` (same kinds, "
        "JSON Lines to a temporary file); events: event lines of that file. "
        f"Goal: tracing to a summary costs at most {TRACE_TARGET}x the untraced "
        "run (ok, or **over**). The `--kinds` row is the worst case, "
        f"{GO_HEAVY} traced with every kind to a summary (events: the count "
        "the summary reports); no goal applies to it. check: `fvemu check "
        "PROGRAM` (tracing the same kinds as the summary and applying the "
        f"rules), against the untraced run; goal: at most {CHECK_TARGET}x. "
        "Every traced run printed exactly the untraced run's stdout. A dash: "
        "no figure (qemu failed, or "
        "not measured in that row).",
    ]
    emit_table(lines, notes, args)
    log(f"bench: fvemu met every program's expectations, traced or not; "
        f"total {total:.0f} s")
    return 0


def main():
    args = parse_args()
    if args.go:
        return main_go(args)
    fvemu, plan = check_inputs(args.build, args.targets, [args.program])
    iterations = args.iterations if args.program == "compute" else None
    header = header_line(plan, fvemu)
    log(f"bench: {args.program}, {len(plan)} target(s), {iterations or 'no'} iterations, "
        f"{args.repeat} run(s) each of fvemu, fvemu --floor and qemu, sequentially")
    t0 = time.perf_counter()
    rows = []
    for t, (progs, qemu) in plan.items():
        times = bench_target(t, fvemu, progs[args.program], qemu, iterations, args.repeat)
        med = {name: statistics.median(ts) for name, ts in times.items()}
        goal = verdict(med["fvemu"] / med["qemu"], COMPUTE_TARGET) if iterations else \
            f"{med['fvemu'] / med['qemu']:.2f}"
        rows.append(f"| {t} | {iterations or '-'} | {fmt_secs(med['fvemu'])} "
                    f"| {fmt_secs(med['floor'])} | {fmt_secs(med['qemu'])} | {goal} "
                    f"| {med['fvemu'] / med['floor']:.2f} |")
    total = time.perf_counter() - t0

    lines = [
        header,
        "",
        f"| target ({args.program}) | iterations | fvemu median s | floor median s "
        f"| qemu-user median s | fvemu/qemu{f' (goal ≤ {COMPUTE_TARGET})' if iterations else ''} "
        "| fvemu/floor |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "floor: `fvemu run --floor`, the same binary on bare Unicorn (no block hook, "
        "so no instruction count and no TLB upkeep).",
    ]
    table = "\n".join(lines) + "\n"
    print(table, end="")
    if args.markdown:
        args.markdown.write_text(table)
    log(f"bench: all output matched qemu; total {total:.0f} s "
        f"(median of {args.repeat} wall-clock runs each)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
