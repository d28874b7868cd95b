#!/usr/bin/python3
"""Generate the Linux syscall number -> name tables under emu/linux/abi/.

The emulator implements only a subset of the Linux syscalls, but when a guest
makes one it does not implement, it reports that syscall by name. So it needs
the complete table for every guest ABI, not only the entries it handles.
Typing those out by hand invites mistakes, so they are generated from the
kernel UAPI headers that Debian ships in these packages:

  linux-libc-dev              /usr/include/x86_64-linux-gnu/asm/unistd_64.h
  linux-libc-dev-i386-cross   /usr/i686-linux-gnu/include/asm/unistd_32.h
  linux-libc-dev-armhf-cross  /usr/arm-linux-gnueabihf/include/asm/unistd-eabi.h
                              /usr/arm-linux-gnueabihf/include/asm/unistd.h

For ARM only the EABI numbering is used (__NR_SYSCALL_BASE == 0). Expressions
such as (__NR_SYSCALL_BASE + 4) are evaluated, so every number is a plain
integer. The ARM private syscalls (__ARM_NR_breakpoint ... __ARM_NR_get_tls,
0xf0001 and up) come from unistd.h and are listed without their prefix.

Each output line is `{number, "name"},`, sorted by number, so that C++ code can
write:

    static const SyscallName table[] = {
    #include "syscalls_amd64.inc"
    };

Usage:
  scripts/gen-syscall-tables.py          regenerate the .inc files
  scripts/gen-syscall-tables.py --check  exit 1 if a committed file is stale
"""

import argparse
import ast
import os
import re
import sys

SCRIPT_NAME = "scripts/gen-syscall-tables.py"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join("emu", "linux", "abi")

# Numbers from this value up are written in hex (the ARM private syscalls).
HEX_FROM = 0xF0000

# Each source is (header path, macro prefix to take, macros to skip).
# For the i386/amd64/ARM-EABI headers every __NR_ macro is a syscall.
# In ARM's unistd.h only the __ARM_NR_ private syscalls are used;
# __ARM_NR_BASE is only a base value, not a syscall.
TABLES = [
    {
        "arch": "i386",
        "out": "syscalls_386.inc",
        "sources": [("/usr/i686-linux-gnu/include/asm/unistd_32.h", "__NR_", ())],
        "predefined": {},
    },
    {
        "arch": "amd64",
        "out": "syscalls_amd64.inc",
        "sources": [("/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "__NR_", ())],
        "predefined": {},
    },
    {
        "arch": "arm",
        "out": "syscalls_arm.inc",
        "sources": [
            ("/usr/arm-linux-gnueabihf/include/asm/unistd-eabi.h", "__NR_", ()),
            ("/usr/arm-linux-gnueabihf/include/asm/unistd.h", "__ARM_NR_",
             ("__ARM_NR_BASE",)),
        ],
        # EABI: unistd.h defines __NR_SYSCALL_BASE as 0 when __ARM_EABI__ is set.
        "predefined": {"__NR_SYSCALL_BASE": 0},
    },
]

DEFINE_RE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)\s+(.+?)\s*$")
NAME_RE = re.compile(r"^[a-z0-9_]+$")


class GenError(Exception):
    pass


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def read_defines(path):
    """Return [(macro, expression)] for every object-like #define in path."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise GenError("cannot read %s: %s" % (path, e.strerror))
    defines = []
    for line in strip_comments(text).splitlines():
        m = DEFINE_RE.match(line)
        if m:
            defines.append((m.group(1), m.group(2)))
    return defines


def evaluate(expr, symbols, where):
    """Evaluate a C integer constant expression using known macro values."""
    def substitute(m):
        ident = m.group(0)
        if ident not in symbols:
            raise GenError("%s: unknown symbol %s in %r" % (where, ident, expr))
        return "(%d)" % symbols[ident]

    # Drop C integer suffixes (0x10UL -> 0x10), then replace macro names.
    py = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
    py = re.sub(r"\b[A-Za-z_]\w*\b", substitute, py)
    try:
        tree = ast.parse(py, mode="eval")
    except SyntaxError:
        raise GenError("%s: cannot parse %r" % (where, expr))

    ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
           ast.BitOr: lambda a, b: a | b, ast.LShift: lambda a, b: a << b}

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in ops:
            return ops[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        raise GenError("%s: unsupported expression %r" % (where, expr))

    return ev(tree)


def collect(table):
    """Return the sorted [(number, name)] list for one table."""
    symbols = dict(table["predefined"])
    by_number = {}
    for path, prefix, skip in table["sources"]:
        for macro, expr in read_defines(path):
            if macro in table["predefined"]:
                continue  # e.g. __NR_SYSCALL_BASE: keep the EABI value
            if not macro.startswith(prefix):
                continue
            where = "%s: %s" % (path, macro)
            value = evaluate(expr, symbols, where)
            symbols[macro] = value
            if macro in skip:
                continue
            name = macro[len(prefix):]
            if not NAME_RE.match(name):
                raise GenError("%s: unexpected syscall name %r" % (where, name))
            if value < 0:
                raise GenError("%s: negative number %d" % (where, value))
            if value in by_number:
                raise GenError("%s: number %d already used by %s"
                               % (where, value, by_number[value]))
            by_number[value] = name
    if not by_number:
        raise GenError("no syscalls found for %s" % table["arch"])
    names = sorted(by_number.values())
    for a, b in zip(names, names[1:]):
        if a == b:
            raise GenError("%s: name %s defined twice" % (table["arch"], a))
    return sorted(by_number.items())


def render(table):
    paths = " and ".join(path for path, _, _ in table["sources"])
    lines = [
        "// Generated by %s from %s; do not edit." % (SCRIPT_NAME, paths),
        "// Linux syscall numbers for %s: {number, name}." % table["arch"],
    ]
    for number, name in collect(table):
        num = "0x%x" % number if number >= HEX_FROM else "%d" % number
        lines.append('{%s, "%s"},' % (num, name))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(
        description="Generate emu/linux/abi/syscalls_*.inc from kernel headers.")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a committed file differs")
    args = parser.parse_args()

    try:
        outputs = [(os.path.join(OUT_DIR, t["out"]), render(t)) for t in TABLES]
    except GenError as e:
        print("%s: error: %s" % (SCRIPT_NAME, e), file=sys.stderr)
        return 2

    if args.check:
        stale = []
        for rel, text in outputs:
            try:
                with open(os.path.join(REPO_ROOT, rel), encoding="utf-8",
                          newline="") as f:
                    current = f.read()
            except OSError:
                current = None
            if current != text:
                stale.append(rel)
        if stale:
            print("%s: out of date: %s (run %s to regenerate)"
                  % (SCRIPT_NAME, ", ".join(stale), SCRIPT_NAME), file=sys.stderr)
            return 1
        return 0

    for rel, text in outputs:
        path = os.path.join(REPO_ROOT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
