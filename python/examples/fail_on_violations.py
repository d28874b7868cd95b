"""A CI gate: check programs against their ABI profile and fail on any violation.

Runs `fvemu check` on each PROGRAM (the profile told from the program, or --profile),
prints every violation and then one verdict line per program:

    $ python3 fail_on_violations.py --junit fvemu.xml build/go/*/closures
    ok    build/go/386/closures (386, go): call sites seen: ..., violations: 0
    ...

--junit FILE also writes the verdicts as JUnit XML, one testcase per program, for CI
servers to show. Exits 0 when every program exited 0 without violations, 1 when some
program had violations or a nonzero exit code, and 2 when some could not be run.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET

import fvemu


def check(program, profile, suite):
    """Checks one program, prints its verdict, adds its testcase; returns 0, 1 or 2."""
    case = ET.SubElement(suite, "testcase", classname="fvemu.check", name=program)
    try:
        result = fvemu.check(program, profile=profile, raise_on_violation=False)
    except fvemu.Error as e:
        print(f"ERROR {e}")  # fvemu's messages name the program
        ET.SubElement(case, "error", message=str(e))
        return 2
    for violation in result.violations:
        print(violation)
    verdict = f"{program} ({result.arch}, {result.profile}): {result.summary}"
    if result.ok:
        print(f"ok    {verdict}")
        return 0
    print(f"FAIL  {verdict}, exit code {result.exit_code}")
    failure = ET.SubElement(case, "failure", message=f"{len(result.violations)} violation(s), "
                                                     f"exit code {result.exit_code}")
    failure.text = ("\n\n".join(str(v) for v in result.violations)
                    or result.kill_report or f"exit code {result.exit_code}")
    return 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=[p.name for p in fvemu.profiles()],
                        help="the ABI profile to check (default: the program's own)")
    parser.add_argument("--junit", metavar="FILE", help="write a JUnit XML report to FILE")
    parser.add_argument("programs", nargs="+", metavar="program")
    opts = parser.parse_args(argv)

    suite = ET.Element("testsuite", name="fvemu")
    status = max(check(program, opts.profile, suite) for program in opts.programs)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(len(suite.findall("testcase/failure"))))
    suite.set("errors", str(len(suite.findall("testcase/error"))))
    if opts.junit:
        ET.ElementTree(suite).write(opts.junit, encoding="utf-8", xml_declaration=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
