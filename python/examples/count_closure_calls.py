"""Count the closure calls each function of a program makes.

Runs PROGRAM (with ARGS) to its end under fvemu and counts the recorded indirect calls
that went through a func value (CallEvent.through_func_value: the context register
held a func value whose word 0 is the callee), grouped by the calling function:

    $ python3 count_closure_calls.py build/go/arm7/closures
      calls  function
        247  runtime.mapassign_faststr
          6  main.main
          4  main.callTwice
        ...
        519  total

Guest output is captured and not shown. Exits 0 when the guest exits 0, 1 when it
exits otherwise, and 2 when fvemu cannot run it.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys

import fvemu


def function_of(symbol):
    """'main.apply+0x1c' -> 'main.apply'; None (no symbol) -> '?'."""
    return re.sub(r"\+0x[0-9a-f]+$", "", symbol) if symbol else "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arch", choices=fvemu.ARCHES,
                        help="the arch the program must be for (default: its own)")
    parser.add_argument("program", help="a static Linux program for 386, amd64 or arm")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the program's arguments")
    opts = parser.parse_args(argv)

    try:
        result = fvemu.run(opts.program, opts.args, arch=opts.arch)
    except fvemu.Error as e:
        print(f"count_closure_calls: {e}", file=sys.stderr)
        return 2

    counts = collections.Counter(function_of(call.site_symbol)
                                 for call in result.calls if call.through_func_value)
    print(f"{'calls':>7}  function")
    for function, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"{n:>7}  {function}")
    print(f"{sum(counts.values()):>7}  total")

    if result.exit_code != 0:
        print(f"count_closure_calls: {opts.program} ({result.arch}) exited {result.exit_code}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
