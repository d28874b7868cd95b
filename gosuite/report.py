"""The runner's reports: a table per target, the goal check, JSON and JUnit XML."""

from __future__ import annotations

import collections
import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from typing import Dict, Iterable, List, Optional, Set

from runners import FAILED_BUILD, PASSED, SKIPPED, STATUSES, Outcome

MAX_LISTED = 40


def counts(outcomes: Iterable[Outcome]) -> Dict[tuple, collections.Counter]:
    c: Dict[tuple, collections.Counter] = collections.defaultdict(collections.Counter)
    for o in outcomes:
        c[(o.target, o.runner)][o.status] += 1
    return c


def pass_rate(c: collections.Counter) -> str:
    ran = sum(c.values()) - c[SKIPPED]
    return f"{100 * c[PASSED] / ran:.1f}%" if ran else "-"


def print_tables(outcomes: List[Outcome], targets: List[str], runners: List[str]) -> None:
    c = counts(outcomes)
    widths = [max(len(s), 6) for s in STATUSES]
    for target in targets:
        print(f"\n{target:8}  " + "  ".join(f"{s:>{w}}" for s, w in zip(STATUSES, widths))
              + "  pass rate")
        for runner in runners:
            if (target, runner) in c:
                row = c[(target, runner)]
                print(f"  {runner:6}  " + "  ".join(f"{row[s]:>{w}}" for s, w in
                                                    zip(STATUSES, widths))
                      + f"  {pass_rate(row):>9}")
        reasons = collections.Counter(o.detail for o in outcomes
                                      if o.target == target and o.status == SKIPPED
                                      and o.runner == runners[0])
        for why, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
            print(f"  skipped {n:4}: {why}")


def natively_passing(outcomes: List[Outcome]) -> Optional[Set[str]]:
    """The tests that passed natively on amd64; None when none ran natively there."""
    native = [o for o in outcomes if o.runner == "native" and o.target == "amd64"]
    return {o.test for o in native if o.status == PASSED} if native else None


def goal_misses(outcomes: List[Outcome]) -> List[Outcome]:
    """fvemu outcomes that miss the goal: any conformance violation, and any failure of a
    test that passed natively on amd64 (of any test not skipped, when that was not run).
    A test that does not build for a target (64-bit constants on 386) ran nowhere there."""
    reference = natively_passing(outcomes)
    return [o for o in outcomes if o.runner == "fvemu" and (
        o.violations or (o.status not in (PASSED, SKIPPED, FAILED_BUILD)
                         and (reference is None or o.test in reference)))]


def print_goal(missed: List[Outcome], outcomes: List[Outcome]) -> None:
    reference = natively_passing(outcomes)
    basis = (f"the {len(reference)} tests that pass natively on amd64"
             if reference is not None else "every test not skipped")
    violations = sum(len(o.violations) for o in outcomes)
    if not missed:
        print(f"\ngoal met: {basis} pass under fvemu on every target; "
              f"{violations} conformance violations")
        return
    print(f"\ngoal missed: {len(missed)} fvemu runs of {basis} did not pass:")
    for o in missed[:MAX_LISTED]:
        print(f"  {o.status:21} {o.target:5} {o.test}  {o.detail}")
        for v in o.violations[:3]:
            print(f"      {v}")
    if len(missed) > MAX_LISTED:
        print(f"  ... and {len(missed) - MAX_LISTED} more (see --json)")


def write_json(path: str, outcomes: List[Outcome], args, elapsed: float) -> None:
    c = counts(outcomes)
    doc = {
        "test_dir": args.test_dir,
        "targets": args.targets,
        "runners": args.runners,
        "timeout": args.timeout,
        "seconds": round(elapsed, 1),
        "summary": [{"target": t, "runner": r, **{s: n[s] for s in STATUSES},
                     "pass_rate": pass_rate(n)} for (t, r), n in sorted(c.items())],
        "outcomes": [dataclasses.asdict(o) for o in outcomes],
    }
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def write_junit(path: str, outcomes: List[Outcome]) -> None:
    """One testsuite per runner and target, one testcase per test."""
    root = ET.Element("testsuites", name="go test/ under fvemu")
    suites: Dict[tuple, ET.Element] = {}
    for o in outcomes:
        key = (o.runner, o.target)
        if key not in suites:
            suites[key] = ET.SubElement(root, "testsuite", name=f"{o.runner}.{o.target}")
        case = ET.SubElement(suites[key], "testcase", classname=f"{o.runner}.{o.target}",
                             name=o.test, time=f"{o.seconds:.3f}")
        if o.status == SKIPPED:
            ET.SubElement(case, "skipped", message=o.detail)
        elif o.status != PASSED:
            failure = ET.SubElement(case, "failure", message=f"{o.status}: {o.detail}",
                                    type=o.status)
            failure.text = "\n".join(o.violations) or o.output
    for (runner, target), suite in suites.items():
        cases = list(suite)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
        suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
