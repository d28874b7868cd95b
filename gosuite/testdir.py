#!/usr/bin/python3
"""Runs Go's own test/ programs (the `// run` tests of Debian's golang-1.19-src) on 386,
amd64 and arm under fvemu with the conformance checker, and optionally under qemu-user and
natively for comparison; prints a table per target, and writes JSON and JUnit.

The fvemu build used is $FVEMU_BUILD (default: build/ beside this directory).

Exit status: 0 when every test that passed natively on amd64 (or, without the native
runner, every test that was not skipped) passed under fvemu on every target, with no
conformance violation; 1 otherwise; 2 on a usage error."""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import sys
import time
from typing import List

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# fvemu's build: its Python module (unless installed), Go build cache and our binaries.
BUILD = os.environ.get("FVEMU_BUILD", os.path.join(SOURCE, "build"))
sys.path.insert(0, os.path.join(BUILD, "python"))

import report  # noqa: E402  (after the module path)
import selection  # noqa: E402
from runners import (FAILED_BUILD, PASSED, SKIPPED, Builder, Outcome, Runner,  # noqa: E402
                     goroot_dirs)
from targets import RUNNERS, TARGETS  # noqa: E402

# The CI subset: tests of closures, func values, methods, defer, recover and reflection.
SUBSETS = {
    "all": None,
    "ci": re.compile(r"(closure|func|method|defer|recover|reflect)[^/]*$"),
}
# GOARM=5 (soft float, no ldrex/strex) runs the core language tests: test/ and test/ken.
ARM5_DIRS = ("", "ken")


def parse_args(argv: List[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="gosuite/testdir.py", description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--test-dir", metavar="DIR", default="/usr/share/go-1.19/test",
                   help="Go's test/ directory (default: %(default)s, from golang-1.19-src)")
    p.add_argument("--targets", metavar="LIST", default=",".join(TARGETS),
                   help=f"comma-separated, of {', '.join(TARGETS)} (targets.json's gosuite "
                        "targets; arm5 runs only test/ and test/ken) (default: %(default)s)")
    p.add_argument("--runners", metavar="LIST", default="fvemu",
                   help="comma-separated, of fvemu, qemu, native (native: amd64 and 386 "
                        "only) (default: %(default)s)")
    p.add_argument("--subset", choices=sorted(SUBSETS), default="all",
                   help="ci: closure, func, method, defer, recover and reflect tests")
    p.add_argument("--match", metavar="REGEX", help="only tests whose path (e.g. fixedbugs/issue1234.go) "
                                   "matches this regex")
    p.add_argument("-j", "--jobs", metavar="N", type=int, default=os.cpu_count() or 1,
                   help="tests run in parallel (default: %(default)s)")
    p.add_argument("--timeout", metavar="SECONDS", type=float, default=120,
                   help="host seconds each run may take (default: %(default)s)")
    p.add_argument("--json", metavar="FILE", help="write every outcome as JSON to FILE")
    p.add_argument("--junit", metavar="FILE", help="write a JUnit XML report to FILE")
    p.add_argument("--list", action="store_true", help="list the selected tests and exit")
    p.add_argument("-v", "--verbose", action="store_true", help="print each outcome")
    a = p.parse_args(argv)
    a.targets = _choices(p, "--targets", a.targets, TARGETS)
    a.runners = _choices(p, "--runners", a.runners, RUNNERS)
    if a.jobs < 1:
        p.error("-j must be at least 1")
    if a.timeout <= 0:
        p.error("--timeout must be more than 0")
    try:
        a.match = re.compile(a.match) if a.match else None
    except re.error as e:
        p.error(f"--match {a.match}: {e}")
    if not os.path.isdir(a.test_dir):
        p.error(f"--test-dir {a.test_dir}: not a directory (install golang-1.19-src)")
    return a


def _choices(p: argparse.ArgumentParser, flag: str, value: str, known) -> List[str]:
    names = [n for n in value.split(",") if n]
    for n in names:
        if n not in known:
            p.error(f"{flag}: unknown '{n}' (choose from {', '.join(known)})")
    return names


def select(args: argparse.Namespace) -> List:
    tests = selection.all_tests(args.test_dir)
    subset = SUBSETS[args.subset]
    return [t for t in tests if (not subset or subset.search(t.name))
            and (not args.match or args.match.search(t.name))]


def jobs_for(tests, args) -> List:
    """(test, target) pairs to build and run, in test order."""
    pairs = []
    for t in tests:
        for name in args.targets:
            if name == "arm5" and os.path.dirname(t.name) not in ARM5_DIRS:
                continue
            pairs.append((t, TARGETS[name]))
    return pairs


def run_one(test, target, args, builder, runner) -> List:
    runners = [r for r in args.runners if r != "native" or target.native]
    why = test.skip_on(target.goarch)
    if why:
        return [Outcome(test.name, target.name, r, SKIPPED, why) for r in runners]
    built = builder.build(test, target)
    if not built.exe:
        return [Outcome(test.name, target.name, r, FAILED_BUILD, "go build failed",
                        output=built.error[-4000:]) for r in runners]
    return [runner.run(r, test, target, built.exe) for r in runners]


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    tests = select(args)
    if args.list:
        for t in tests:
            print(t.name, *(["#", t.skip] if t.skip else []))
        return 0
    builder = Builder(os.path.join(BUILD, "gosuite"), os.path.join(BUILD, "go-cache"))
    runner = Runner(args.timeout, goroot_dirs())
    pairs = jobs_for(tests, args)
    print(f"gosuite: {len(tests)} tests, {len(pairs)} builds for {','.join(args.targets)}, "
          f"runners {','.join(args.runners)}, -j {args.jobs}", flush=True)
    start = time.monotonic()
    outcomes = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_one, t, tg, args, builder, runner) for t, tg in pairs]
        for i, f in enumerate(concurrent.futures.as_completed(futures), 1):
            for o in f.result():
                outcomes.append(o)
                if args.verbose or (o.runner == "fvemu" and o.status not in (PASSED, SKIPPED)):
                    print(f"  {o.status:21} {o.runner:6} {o.target:5} {o.seconds:7.2f}s "
                          f"{o.test}  {o.detail}", flush=True)
            if i % 200 == 0:
                print(f"gosuite: {i}/{len(pairs)} done", flush=True)
    outcomes.sort(key=lambda o: (o.target, o.runner, o.test))
    elapsed = time.monotonic() - start
    report.print_tables(outcomes, args.targets, args.runners)
    missed = report.goal_misses(outcomes)
    report.print_goal(missed, outcomes)
    print(f"gosuite: {len(outcomes)} runs in {elapsed:.0f} s")
    if args.json:
        report.write_json(args.json, outcomes, args, elapsed)
    if args.junit:
        report.write_junit(args.junit, outcomes)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
