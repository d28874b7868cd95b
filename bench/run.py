#!/usr/bin/python3
"""Compare fvemu's wall time with qemu-user's on the same binaries.

For each target, runs `fvemu run build/cases/<t>/compute N` and
`qemu-<arch> build/cases/<t>/compute N` alternately, --repeat times each,
strictly one process at a time, checks that both print the same stdout
(the same checksum), and prints a Markdown table of the medians and of the
ratio fvemu/qemu. See bench/README.md.

Exit status: 0 on success, 1 if a run fails or fvemu's output differs from
qemu's, 2 if the build, a benchmark binary or qemu is missing, or the
arguments are wrong.

Standard library only; run with /usr/bin/python3.
"""

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

QEMU = {
    "386": "qemu-i386",
    "amd64": "qemu-x86_64",
    "arm": "qemu-arm",
    "arm-a32": "qemu-arm",
}
DEFAULT_TARGETS = ["386", "amd64", "arm", "arm-a32"]


def die(code, msg):
    print(f"bench/run.py: error: {msg}", file=sys.stderr)
    sys.exit(code)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parse_args():
    here = Path(__file__).resolve().parent
    p = argparse.ArgumentParser(
        description="Wall time of fvemu vs qemu-user on bench/compute.c.")
    p.add_argument("--iterations", type=int, default=20, metavar="N",
                   help="iteration count passed to compute (default 20)")
    p.add_argument("--program", choices=("compute", "hello"), default="compute",
                   help="compute: compute-bound (bench/compute.c); hello: a run "
                        "dominated by start-up (cases/native/hello.c), taking no "
                        "iterations (default compute)")
    p.add_argument("--repeat", type=int, default=3, metavar="R",
                   help="runs of each emulator per target; the median is "
                        "reported (default 3)")
    p.add_argument("--targets", default=",".join(DEFAULT_TARGETS),
                   help="comma-separated subset of "
                        + ",".join(DEFAULT_TARGETS) + " (default: all)")
    p.add_argument("--build", type=Path, default=here.parent / "build",
                   metavar="DIR",
                   help="build directory (default: ../build relative to "
                        "this script)")
    p.add_argument("--markdown", type=Path, metavar="FILE",
                   help="also write the header line and table to FILE")
    args = p.parse_args()
    if args.iterations < 1:
        die(2, "--iterations must be at least 1")
    if args.repeat < 1:
        die(2, "--repeat must be at least 1")
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = [t for t in targets if t not in QEMU]
    if not targets or unknown:
        die(2, f"unknown target(s) {','.join(unknown) or '(none given)'}; "
               f"choose from {','.join(DEFAULT_TARGETS)}")
    args.targets = targets
    return args


def check_inputs(build, targets, program):
    """Return (fvemu path, {target: (program, qemu path)}) or exit 2."""
    fvemu = build / "fvemu"
    if not (fvemu.is_file() and os.access(fvemu, os.X_OK)):
        die(2, f"{fvemu} not found or not executable; "
               f"build first: cmake --build {build}")
    plan = {}
    for t in targets:
        prog = build / "cases" / t / program
        if not prog.is_file():
            die(2, f"{prog} not found; build first: cmake --build {build}")
        qemu = shutil.which(QEMU[t])
        if qemu is None:
            die(2, f"{QEMU[t]} not found on PATH (needed for target {t}); "
                   "install qemu-user")
        plan[t] = (prog, qemu)
    return fvemu, plan


def timed_run(argv):
    """Run argv to completion; return (seconds, CompletedProcess)."""
    start = time.perf_counter()
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - start, proc


def fail_run(what, argv, proc):
    log(f"bench/run.py: FAILED: {what} exited with status {proc.returncode}")
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
    """Alternate fvemu and qemu runs; return (fvemu times, qemu times).
    `iterations` is None for a program that takes none (hello)."""
    extra = [] if iterations is None else [str(iterations)]
    f_argv = [str(fvemu), "run", str(prog)] + extra
    q_argv = [qemu, str(prog)] + extra
    f_times, q_times = [], []
    reference = None  # qemu's stdout
    f_stdout = None  # this round's fvemu stdout (fvemu runs first)
    for i in range(1, repeat + 1):
        for name, argv, times in (("fvemu", f_argv, f_times),
                                  ("qemu", q_argv, q_times)):
            secs, proc = timed_run(argv)
            log(f"  {t:8} {name:5} run {i}/{repeat}: {secs:8.2f} s")
            if proc.returncode != 0:
                fail_run(f"{name} on {t}", argv, proc)
            times.append(secs)
            if name == "qemu":
                if reference is None:
                    reference = proc.stdout
                    if (iterations is not None
                            and f"iterations={iterations}".encode() not in reference):
                        log(f"bench/run.py: FAILED: qemu on {t} did not print "
                            f"iterations={iterations}")
                        log("  stdout:\n" + indent(reference))
                        sys.exit(1)
                elif proc.stdout != reference:
                    log(f"bench/run.py: FAILED: qemu on {t} is not "
                        "deterministic (stdout differs between runs)")
                    sys.exit(1)
                if f_stdout != reference:
                    log(f"bench/run.py: FAILED: fvemu's stdout differs from "
                        f"qemu's on {t} (wrong result; timings discarded)")
                    log(f"  command: {' '.join(f_argv)}")
                    log("  fvemu stdout:\n" + indent(f_stdout))
                    log("  qemu stdout:\n" + indent(reference))
                    sys.exit(1)
            else:
                f_stdout = proc.stdout
    return f_times, q_times


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


def header_line(plan):
    qemu_bin = shutil.which("qemu-x86_64") or next(iter(plan.values()))[1]
    qemu_ver = cmd_first_line([qemu_bin, "--version"]) or "unknown"
    uc_ver = cmd_first_line(
        ["dpkg-query", "-W", "-f", "${Version}", "libunicorn2"]) or "unknown"
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    return (f"{date} (UTC); nproc {nproc()}; CPU: {cpu_model()}; "
            f"qemu: {qemu_ver}; libunicorn2 {uc_ver}")


def fmt_secs(s):
    return f"{s:.3f}" if s < 1 else f"{s:.2f}"


def main():
    args = parse_args()
    fvemu, plan = check_inputs(args.build, args.targets, args.program)
    iterations = args.iterations if args.program == "compute" else None
    header = header_line(plan)
    log(f"bench: {args.program}, {len(plan)} target(s), {iterations or 'no'} iterations, "
        f"{args.repeat} run(s) each of fvemu and qemu, sequentially")
    t0 = time.perf_counter()
    rows = []
    for t, (prog, qemu) in plan.items():
        f_times, q_times = bench_target(t, fvemu, prog, qemu,
                                        iterations, args.repeat)
        f_med = statistics.median(f_times)
        q_med = statistics.median(q_times)
        rows.append((t, iterations or "-", f_med, q_med, f_med / q_med))
    total = time.perf_counter() - t0

    lines = [
        header,
        "",
        f"| target ({args.program}) | iterations | fvemu median s | qemu-user median s "
        "| ratio fvemu/qemu |",
        "|---|---:|---:|---:|---:|",
    ]
    for t, n, f_med, q_med, ratio in rows:
        lines.append(f"| {t} | {n} | {fmt_secs(f_med)} | {fmt_secs(q_med)} "
                     f"| {ratio:.1f} |")
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
