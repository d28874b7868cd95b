"""Helpers for tests on fvemu, with or without pytest: build a Go or C source for an
arch, run it under fvemu, and assert things about its call sequences.

    from fvemu import testing
    builder = testing.Builder("/tmp/fvemu-builds")
    r = builder.run(GO_SOURCE, "arm")
    testing.assert_closure_calls_conform(r, "main.apply")
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import fvemu

#: C cross compilers (Debian's) per arch (targets.json); all link -static.
C_COMPILERS = {a["name"]: a["cc"] for a in fvemu.targets()["arches"]}
C_FLAGS = ("-static", "-O2", "-g")

Function = Union[str, "re.Pattern[str]"]


class BuildError(Exception):
    """A compiler failed; the message has its output."""


def _source_text(source: Union[str, os.PathLike]) -> Tuple[str, Optional[Path]]:
    """(text, path): `source` is a file path, or the source text itself."""
    if isinstance(source, os.PathLike) or ("\n" not in source and Path(source).is_file()):
        return Path(source).read_text(), Path(source)
    return source, None


def _language(text: str, path: Optional[Path]) -> str:
    if path is not None and path.suffix in (".go", ".c"):
        return path.suffix[1:]
    return "go" if re.search(r"^\s*package\s+main\b", text, re.M) else "c"


class Builder:
    """Builds sources into `directory`, once per (source, arch, options): a second
    build of the same source is the same file. Go builds use GOCACHE (default: a
    cache inside `directory`) and need no network."""

    def __init__(self, directory: Union[str, os.PathLike], gocache: Optional[str] = None):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.gocache = gocache or os.environ.get("GOCACHE") or str(self.directory / "go-cache")

    def go(self, source: Union[str, os.PathLike], arch: str, goarm: int = 7) -> Path:
        """Builds a Go main package (a .go file, or its text) for `arch` (386, amd64,
        arm; arm as GOARM=`goarm`), static, without cgo."""
        text, _ = _source_text(source)
        out = self._output(text, f"go-{arch}-{goarm}")
        if out.exists():
            return out
        src = out.with_suffix(".go")
        src.write_text(text)
        env = dict(os.environ, GOOS="linux", GOARCH=_goarch(arch), GOARM=str(goarm),
                   CGO_ENABLED="0", GO111MODULE="off", GOFLAGS="", GOCACHE=self.gocache,
                   GOPATH=str(self.directory / "go-path"))
        self._compile([shutil.which("go") or "go", "build", "-o", str(out), str(src)], env, out)
        return out

    def c(self, source: Union[str, os.PathLike], arch: str, flags: Sequence[str] = ()) -> Path:
        """Builds a C program (a .c file, or its text) for `arch` with Debian's cross
        gcc, static."""
        text, _ = _source_text(source)
        if arch not in C_COMPILERS:
            raise fvemu.UsageError(f"no C compiler for arch {arch!r} ({', '.join(C_COMPILERS)})")
        out = self._output(text + "\0".join(flags), f"c-{arch}")
        if out.exists():
            return out
        src = out.with_suffix(".c")
        src.write_text(text)
        self._compile([C_COMPILERS[arch], *C_FLAGS, *flags, "-o", str(out), str(src)],
                      dict(os.environ), out)
        return out

    def build(self, source: Union[str, os.PathLike], arch: str) -> Path:
        """go() or c(), by the file's suffix or (for text) by `package main`."""
        text, path = _source_text(source)
        return self.go(text, arch) if _language(text, path) == "go" else self.c(text, arch)

    def run(self, source: Union[str, os.PathLike], arch: str, **options) -> "fvemu.Result":
        """Builds `source` for `arch` and runs it: fvemu.run(binary, **options)."""
        return fvemu.run(self.build(source, arch), arch=arch, **options)

    def _output(self, text: str, kind: str) -> Path:
        digest = hashlib.sha256(f"{kind}\0{text}".encode()).hexdigest()[:16]
        return self.directory / f"{kind}-{digest}"

    @staticmethod
    def _compile(command: List[str], env: Mapping[str, str], out: Path) -> None:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            out.unlink(missing_ok=True)
            raise BuildError(f"{' '.join(command)} failed ({done.returncode}):\n"
                             f"{done.stdout}{done.stderr}")


def _goarch(arch: str) -> str:
    if arch not in fvemu.ARCHES:
        raise fvemu.UsageError(f"unknown arch {arch!r} ({', '.join(fvemu.ARCHES)})")
    return arch


def function_of(symbol: Optional[str]) -> Optional[str]:
    """'main.apply+0x1c' -> 'main.apply'."""
    return None if symbol is None else symbol.split("+", 1)[0]


def _in_function(symbol: Optional[str], function: Function) -> bool:
    name = function_of(symbol)
    if name is None:
        return False
    if isinstance(function, str):
        return name == function
    return function.search(name) is not None


def closure_calls(result: "fvemu.Result", function: Optional[Function] = None) -> List["fvemu.CallEvent"]:
    """The recorded calls through a func value (ctx held one whose word 0 is the
    callee), made from `function` (an exact name or a compiled regex; None: any)."""
    return [c for c in result.calls
            if c.through_func_value and c.kind in ("icall", "ijmp")
            and (function is None or _in_function(c.site_symbol, function))]


def call_sequence(result: "fvemu.Result", function: Function,
                  kinds: Iterable[str] = ("call", "icall", "ijmp")) -> List[Tuple[str, str]]:
    """(kind, callee function) of each recorded call made from `function`, in order.
    ABI wrapper suffixes (.abi0) are dropped so that arches compare equal. Only calls
    of the kinds the run recorded are there (run(..., kinds=...))."""
    wanted = set(kinds)
    out = []
    for c in result.calls:
        if c.kind in wanted and _in_function(c.site_symbol, function):
            callee = function_of(c.callee_symbol) or hex(c.target)
            out.append((c.kind, callee.removesuffix(".abi0")))
    return out


def assert_no_violations(result: "fvemu.Result") -> None:
    """Fails with the checker's reports if any call broke a rule."""
    if result.violations:
        raise AssertionError(f"{len(result.violations)} violation(s) in {result.path} "
                             f"({result.arch}):\n" + "\n".join(map(str, result.violations)))


def assert_closure_calls_conform(result: "fvemu.Result", function: Function) -> None:
    """No call made from `function` breaks the profile's rules (a closure call that
    forgot the context register is one that does), and at least one closure call
    was made from it (a check of nothing is no check)."""
    if result.profile is None:
        raise AssertionError(f"{result.path} was not checked: no profile (pass profile=...)")
    bad = [v for v in result.violations if _in_function(v.site_symbol, function)]
    if bad:
        sites = len({v.site for v in bad})  # a site may break more than one rule
        raise AssertionError(f"{sites} call site(s) in {_name(function)} break the "
                             f"{result.profile} profile ({result.arch}):\n"
                             + "\n".join(map(str, bad)))
    if not closure_calls(result, function):
        raise AssertionError(f"no closure call from {_name(function)} was recorded in "
                             f"{result.path} ({result.arch})")


def assert_same_shape(results: Union[Mapping[str, "fvemu.Result"], Sequence["fvemu.Result"]],
                      function: Function, kinds: Iterable[str] = ("call", "icall", "ijmp")) -> None:
    """The call sequence of `function` (call_sequence) is the same on every result
    (one per arch), and not empty; else fails with a diff against the first."""
    named = list(results.items()) if isinstance(results, Mapping) else \
        [(r.arch, r) for r in results]
    kinds = tuple(kinds)
    sequences = [(name, [f"{k} {callee}" for k, callee in call_sequence(r, function, kinds)])
                 for name, r in named]
    first_name, first = sequences[0]
    if not first:
        raise AssertionError(f"no call from {_name(function)} was recorded on {first_name}")
    for name, seq in sequences[1:]:
        if seq != first:
            diff = "\n".join(difflib.unified_diff(first, seq, first_name, name, lineterm=""))
            raise AssertionError(f"the calls of {_name(function)} differ:\n{diff}")


def _name(function: Function) -> str:
    return function if isinstance(function, str) else f"/{function.pattern}/"
