"""Which of Go's test/ programs to run, and how: the header and build-constraint rules of
Go 1.19's test/run.go, for the run actions, plus the reasons a test is skipped."""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
from typing import List, Optional

# The directories test/run.go walks (its `dirs` variable).
TEST_DIRS = (".", "ken", "chan", "interface", "syntax", "dwarf", "fixedbugs", "typeparam",
             "typeparam/mdempsky", "abi")

# Imports that need what a user-mode emulator of one static process does not give.
SKIP_IMPORTS = {
    "C": "needs cgo",
    "os/exec": "runs host programs (the go tool, itself) with os/exec",
    "net": "needs a network",
    "plugin": "needs plugins",
}


@dataclasses.dataclass
class Test:
    """One `// run` program of test/: its file, build flags and arguments."""
    dir: str              # test/ itself
    name: str             # relative to dir, e.g. "fixedbugs/issue1234.go"
    action: str
    gcflags: List[str]    # flags for go build (-gcflags=..., -l=4 ...)
    goexperiment: Optional[str]
    extra_files: List[str]  # more .go files of the program (go run a.go b.go)
    args: List[str]       # the program's arguments
    constraints: List[str]      # the //go:build and // +build lines of the header
    imports: List[str]
    skip: Optional[str] = None  # why it never runs, on any target

    @property
    def path(self) -> str:
        return os.path.join(self.dir, self.name)

    @property
    def out_path(self) -> str:
        return self.path[:-3] + ".out"

    def expected_output(self) -> bytes:
        """What run.go compares the combined output with: the .out file, else nothing."""
        try:
            with open(self.out_path, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return b""

    def skip_on(self, goarch: str) -> Optional[str]:
        """Why the test does not run for goarch, or None. Constraints first, as in run.go."""
        for line in self.constraints:
            if not build_constraint_holds(line, goarch):
                return f"not built for {goarch} ({line})"
        return self.skip


def action_line(src: str) -> Optional[str]:
    """The test's recipe as run.go reads it: the text before the first blank line, less
    a first line that is a +build constraint, less the leading //."""
    if "\n\n" not in src or src.startswith("\n"):
        return None
    action = src.split("\n\n", 1)[0]
    first, _, rest = action.partition("\n")
    if rest and "+build" in first:
        action = rest
    return action[2:] if action.startswith("//") else action


def constraint_lines(src: str) -> List[str]:
    """The build constraint lines before `package`, which run.go's shouldTest evaluates."""
    header = src.split("\npackage", 1)[0]
    return [l.strip() for l in header.split("\n")
            if l.startswith("//go:build ") or l.startswith("// +build ")]


def build_constraint_holds(line: str, goarch: str) -> bool:
    """Evaluates one constraint line with run.go's tags: linux, goarch, gc and test_run
    (no cgo, no unix, no release tags)."""
    tags = {"linux", goarch, "gc", "test_run"}
    if line.startswith("// +build "):
        # Space-separated alternatives of comma-separated conjunctions of maybe-!tags.
        return any(all((t[1:] not in tags) if t.startswith("!") else (t in tags)
                       for t in alt.split(","))
                   for alt in line[len("// +build "):].split())
    tokens = re.findall(r"\(|\)|!|&&|\|\||[\w.]+", line[len("//go:build "):])
    words = {"&&": " and ", "||": " or ", "!": " not ", "(": "(", ")": ")"}
    py = "".join(words.get(t, f" {t in tags} ") for t in tokens)
    return bool(eval(py, {"__builtins__": {}}))  # only True/False/and/or/not/parens


IMPORT_BLOCK = re.compile(r'^import\s*\((.*?)\)', re.S | re.M)
IMPORT_LINE = re.compile(r'^import\s+(?:[\w.]+\s+)?"([^"]+)"', re.M)


def imports_of(src: str) -> List[str]:
    found = IMPORT_LINE.findall(src)
    for block in IMPORT_BLOCK.findall(src):
        found += re.findall(r'"([^"]+)"', block)
    return found


def parse(test_dir: str, name: str) -> Optional[Test]:
    """The Test for test_dir/name if it is a `// run` program, else None."""
    with open(os.path.join(test_dir, name), errors="replace") as f:
        src = f.read()
    action = action_line(src)
    if not action:
        return None
    words = shlex.split(action)
    if not words or words[0] != "run":
        return None
    t = Test(test_dir, name, "run", [], None, [], [], constraint_lines(src), imports_of(src))
    rest = words[1:]
    # Leading flags go to the go command (run.go's `flags`), the rest to the program.
    while rest and rest[0].startswith("-"):
        flag = rest.pop(0)
        if flag == "-goexperiment" and rest:
            t.goexperiment = rest.pop(0)
        elif flag == "-race":
            t.skip = "needs the race detector (-race)"
        elif flag == "-gcflags" and rest:
            t.gcflags.append("-gcflags=" + rest.pop(0))
        else:
            t.gcflags.append(flag)
    # go run builds the leading .go arguments into the program too.
    while rest and rest[0].endswith(".go"):
        t.extra_files.append(rest.pop(0))
    t.args = rest
    for imp in t.imports:
        if imp in SKIP_IMPORTS and not t.skip:
            t.skip = SKIP_IMPORTS[imp]
    return t


def all_tests(test_dir: str) -> List[Test]:
    tests = []
    for d in TEST_DIRS:
        if not os.path.isdir(os.path.join(test_dir, d)):
            continue
        for f in sorted(os.listdir(os.path.join(test_dir, d))):
            if f.endswith(".go"):
                t = parse(test_dir, os.path.normpath(os.path.join(d, f)))
                if t:
                    tests.append(t)
    return tests
