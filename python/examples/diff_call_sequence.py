"""Compare the calls one function makes in builds of a program for different arches.

Runs each PROGRAM under fvemu, keeps the calls made from FUNCTION (direct, indirect
and indirect jumps) as a sequence of "kind callee" lines, the callee without its
offset or ".abi0" suffix, and prints a unified diff of each program's sequence
against the first one's:

    $ python3 diff_call_sequence.py main.callTwice \\
          build/go/386/closures build/go/amd64/closures build/go/arm7/closures
    386: 4 calls from main.callTwice in build/go/386/closures
    amd64: 4 calls from main.callTwice in build/go/amd64/closures
    arm: 4 calls from main.callTwice in build/go/arm7/closures
    same shape on all 3 programs

Exits 0 when all sequences are equal, 1 when some differ, and 2 when a program cannot
be run or FUNCTION made no calls in any of them (is the name right?).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys

import fvemu


def function_of(symbol):
    """'runtime.systemstack.abi0+0x1c' -> 'runtime.systemstack'; None -> '?'."""
    if not symbol:
        return "?"
    symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol)
    return symbol[:-len(".abi0")] if symbol.endswith(".abi0") else symbol


def call_sequence(program, function):
    """(label, ["kind callee", ...]) for the calls made from `function` in `program`."""
    # Record only calls at (or to) the function; run() would otherwise keep them all.
    only = "^" + re.escape(function) + r"(\.abi0)?(\+0x[0-9a-f]+)?$"
    result = fvemu.run(program, kinds=("call", "icall", "ijmp"), filter=only)
    calls = [f"{call.kind} {function_of(call.callee_symbol)}" for call in result.calls
             if function_of(call.site_symbol) == function]
    print(f"{result.arch}: {len(calls)} calls from {function} in {program}")
    return f"{result.arch}: {program}", calls


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("function", help="a function symbol, e.g. main.callTwice")
    parser.add_argument("programs", nargs="+", metavar="program",
                        help="two or more builds of the same program")
    opts = parser.parse_args(argv)
    if len(opts.programs) < 2:
        parser.error("give at least two programs")
    function = function_of(opts.function)

    try:
        sequences = [call_sequence(p, function) for p in opts.programs]
    except fvemu.Error as e:
        print(f"diff_call_sequence: {e}", file=sys.stderr)
        return 2
    if not any(calls for _, calls in sequences):
        print(f"diff_call_sequence: no calls from {function} in any program", file=sys.stderr)
        return 2

    (first_label, first), differ = sequences[0], False
    for label, calls in sequences[1:]:
        diff = list(difflib.unified_diff(first, calls, first_label, label, lineterm=""))
        if diff:
            differ = True
            print("\n".join(diff))
    print("differences found" if differ else f"same shape on all {len(sequences)} programs")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
