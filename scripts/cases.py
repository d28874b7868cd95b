"""The test cases under cases/: discovery, expectations, and running them.

A case is a program source with its expectations in `//!` lines at the top:

    //! args: one "two words"     guest arguments (POSIX shell words)
    //! env: NAME=value           the guest's whole environment (repeatable)
    //! ro: data                  a directory (relative to the source) the guest may read
    //! rw: .                     a directory (relative to the source) it may also write
    //! exit: 0                   expected exit status (128+N for death by signal N)
    //! stdout: some line         a line that must appear in stdout (repeatable)
    //! qemu: expectations-only   qemu-user's stdout legitimately differs (host randomness):
                                  compare it with the expectations, not with fvemu's
    //! reference: host          qemu-user gets this wrong: on targets this host runs
                                  itself, compare with the real kernel instead
    //! event: KIND SITE -> TARGET [ctx=SYM] [word0=SYM] [source=TEXT]
                                  the program's call events, all of them, in order
                                  (`fvemu trace --kinds call,icall,ijmp,ret`); SITE and
                                  TARGET as symbol+offset; source= takes the rest of the line
    //! calls: FUNC -> CALLEE       the trace has an indirect call from function FUNC to
                                  CALLEE (a closure call site that must be seen)
    //! go: 1.18                  Go cases: the oldest Go release that builds it and meets
                                  its expectations (generics here; preemption: 1.14);
                                  `fvemu matrix --toolchain` shows an older toolchain's
                                  cells as n/a
    //! profile: go               the ABI profile `fvemu check` applies (cases/bad)
    //! violation: RULE SITE -> CALLEE
                                  a violation `fvemu check` must report, in order; a case
                                  in cases/bad must list all of them. A SITE without
                                  +offset stands for any site in that function.
    //! violation(go-step1): ...  the same, for the build with that profile only
    //! profiles: go              programs on fvrt: the profiles to build (default: both)
    //! break: jmpdefer-to-funcval
                                  programs on fvrt in cases/bad: the broken runtime
                                  variant they run on (runtime/fvrt-cc --break)

Sources in cases/native/*.c are built for every target; those in cases/native/x86/,
i386/, amd64/ and arm/ for those targets only (cmake/Cases.cmake). Programs on fvrt, the
native reference runtime (cases/native/runtime/, cases/bad/runtime/), are built for
every target and profile (cmake/RuntimeCases.cmake): their targets read "arm-a32/go".
Go programs in cases/go/*.go are built for the five Go targets (cmake/GoCases.cmake,
with the go on PATH, which must be at least every case's `//! go:`);
assembly programs in cases/bad/<arch>/ break the func-value ABI on purpose. The guest
runs with the source's directory as working directory, under fvemu or under a reference:
qemu-user for C cases; for Go cases the host itself on 386 and amd64 (the real kernel;
qemu-user 7.2 crashed Go programs on 386) and qemu-arm on ARM.

Used by the pytest end-to-end tests and bench/. The headers are parsed by fvemu itself,
the one parser of this format (`fvemu matrix --list --json`, harness/matrix/case_file.cpp),
so this module needs the build's fvemu; the targets come from targets.json.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
from pathlib import Path

SOURCE = Path(os.environ.get("FVEMU_SOURCE", Path(__file__).resolve().parent.parent))
BUILD = Path(os.environ.get("FVEMU_BUILD", SOURCE / "build"))
FVEMU = BUILD / "fvemu"

# The targets, from targets.json (scripts/target_table.py).
from target_table import (ALL_TARGETS, BAD_ARCHES, GO_TARGETS, GROUPS, HOST_RUNS,  # noqa: E402,F401
                          QEMU, TARGETS)
FVRT_PROFILES = ("go", "go-step1")  # runtime/fvrt-cc --profile


@dataclasses.dataclass
class Case:
    name: str
    source: Path
    targets: tuple[str, ...]
    kind: str = "native"  # or "go"
    args: list[str] = dataclasses.field(default_factory=list)
    env: list[str] = dataclasses.field(default_factory=list)
    ro: list[str] = dataclasses.field(default_factory=list)
    rw: list[str] = dataclasses.field(default_factory=list)
    exit: int = 0
    stdout: list[str] = dataclasses.field(default_factory=list)
    same_stdout_as_qemu: bool = True
    host_reference: bool = False  # the kernel, not qemu-user, is the reference where it can be
    events: list[str] = dataclasses.field(default_factory=list)  # `//! event:` lines, verbatim
    calls: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (FUNC, CALLEE)
    go: int = 0  # `//! go: 1.N`: N, the oldest Go release that builds and passes it
    profile: str = ""
    violations: list[str] = dataclasses.field(default_factory=list)  # "RULE SITE -> CALLEE"
    # Programs on fvrt: profile -> its own violations; the profiles built; the break.
    profile_violations: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    on_fvrt: bool = False
    profiles: tuple[str, ...] = FVRT_PROFILES
    breaks: str = ""

    def binary(self, target: str) -> Path:
        if self.on_fvrt:
            arch_target, profile = target.split("/")
            top = "runtime-bad" if self.kind == "bad" else "runtime"
            return BUILD / top / profile / arch_target / self.name
        return BUILD / {"go": "go", "bad": "bad"}.get(self.kind, "cases") / target / self.name

    def profile_for(self, target: str) -> str:
        return target.split("/")[1] if self.on_fvrt else self.profile

    def violations_for(self, target: str) -> list[str]:
        return self.profile_violations.get(self.profile_for(target), self.violations)

    def id(self, target: str) -> str:
        return f"{self.kind}/{self.name}-{target}"


@dataclasses.dataclass
class Outcome:
    exit: int
    stdout: bytes
    stderr: bytes

    def problems(self, case: Case) -> list[str]:
        """What differs from the case's expectations (empty when it passed)."""
        found = []
        if self.exit != case.exit:
            found.append(f"exit {self.exit}, expected {case.exit}")
        lines = self.stdout.decode(errors="replace").splitlines()
        for want in case.stdout:
            if want not in lines:
                found.append(f"no stdout line {want!r}")
        return found


def violation_matches(expected: str, reported: str) -> bool:
    """Whether a reported "RULE SITE -> CALLEE" is the expected one; an expected SITE
    without +offset matches any site in that function."""
    want_rule, _, want = expected.partition(" ")
    got_rule, _, got = reported.partition(" ")
    want_site, _, want_callee = want.partition(" -> ")
    got_site, _, got_callee = got.partition(" -> ")
    site_ok = want_site == got_site or ("+" not in want_site and got_site.split("+")[0] == want_site)
    return want_rule == got_rule and site_ok and want_callee == got_callee


def violations_match(expected: list[str], reported: list[str]) -> bool:
    return len(expected) == len(reported) and all(map(violation_matches, expected, reported))


def read_headers(sources: list[Path]) -> dict[Path, dict]:
    """The `//!` headers of case files, and of the cases in directories, by source, as
    fvemu's own parser reads them (`fvemu matrix --list --json`, harness/matrix/case_file.cpp)."""
    done = subprocess.run([str(FVEMU), "matrix", "--list", "--json", "--arches", ",".join(GO_TARGETS),
                           *map(os.path.abspath, sources)], capture_output=True, text=True)
    if done.returncode != 0:
        raise ValueError(done.stderr.strip())
    return {Path(row["source"]): row for row in json.loads(done.stdout)}


def case_from_header(source: Path, header: dict, targets: tuple[str, ...], kind: str) -> Case:
    return Case(name=source.stem, source=source, targets=targets, kind=kind,
                args=header["args"], env=header["env"], ro=header["ro"], rw=header["rw"],
                exit=header["exit"], stdout=header["stdout"],
                same_stdout_as_qemu=header["same_stdout_as_qemu"],
                host_reference=header["host_reference"], events=header["events"],
                calls=[tuple(c) for c in header["calls"]], go=header["go"],
                profile="" if header["on_fvrt"] else header["profile"],
                violations=header["violations"],
                profile_violations=header["profile_violations"],
                profiles=tuple(header["profiles"]), breaks=header["break"])


def parse_case(source: Path, targets: tuple[str, ...], kind: str = "native",
               headers: dict[Path, dict] | None = None) -> Case:
    source = Path(os.path.abspath(source))
    header = (headers if headers is not None else read_headers([source])).get(source)
    if header is None:
        raise ValueError(f"{source}: no '//! exit:' line")
    return case_from_header(source, header, targets, kind)


def parse_fvrt_case(source: Path, kind: str, headers: dict[Path, dict] | None = None) -> Case:
    case = parse_case(source, (), kind, headers)
    case.on_fvrt = True
    case.targets = tuple(f"{t}/{p}" for p in case.profiles for t in TARGETS)
    return case


def discover(root: Path = SOURCE / "cases") -> list[Case]:
    native = root / "native"
    groups = [(src, targets) for group, targets in GROUPS.items()
              for src in sorted((native / group).glob("*.[cS]"))]
    plain = [(src, TARGETS, "native") for src in sorted(native.glob("*.c"))]
    plain += [(src, targets, "native") for src, targets in groups]
    plain += [(src, GO_TARGETS, "go") for src in sorted((root / "go").glob("*.go"))]
    plain += [(src, targets, "bad") for arch, targets in BAD_ARCHES.items()
              for src in sorted((root / "bad" / arch).glob("*.S"))]
    fvrt = [(src, "runtime") for src in sorted((native / "runtime").glob("*.c"))]
    fvrt += [(src, "bad") for src in sorted((root / "bad" / "runtime").glob("*.c"))]
    headers = read_headers([src for src, *_ in plain + fvrt])  # one parse of them all
    return ([parse_case(src, targets, kind, headers) for src, targets, kind in plain]
            + [parse_fvrt_case(src, kind, headers) for src, kind in fvrt])


def goroots() -> list[tuple[str, Path]]:
    """The Go toolchains named in FVEMU_GOROOTS ("NAME=GOROOT ..."), in order; ValueError
    on an item that is not NAME=GOROOT."""
    out = []
    for item in os.environ.get("FVEMU_GOROOTS", "").split():
        name, sep, root = item.partition("=")
        if not sep or not name or not root:
            raise ValueError(f"FVEMU_GOROOTS: {item!r} is not NAME=GOROOT")
        out.append((name, Path(root)))
    return out


def fvemu_command(case: Case, target: str, extra: list[str] | None = None) -> list[str]:
    cmd = [str(FVEMU), "run"]
    for d in case.ro:
        cmd += ["--ro", d]
    for d in case.rw:
        cmd += ["--rw", d]
    for kv in case.env:
        cmd += ["--env", kv]
    cmd += extra or []
    return cmd + [str(case.binary(target))] + case.args


def reference_command(case: Case, target: str) -> list[str]:
    # The reference gets only the case's environment (qemu-user hands its own to the guest).
    arch_target = target.split("/")[0]
    on_host = (case.kind == "go" or case.host_reference) and arch_target in HOST_RUNS
    runner = [] if on_host else [QEMU[arch_target]]
    return ["env", "-i", *case.env, *runner, str(case.binary(target))] + case.args


def run(cmd: list[str], cwd: Path, timeout: float = 120) -> Outcome:
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    # A process killed by a signal (qemu re-raises the guest's) reports 128+N like a shell.
    code = p.returncode if p.returncode >= 0 else 128 - p.returncode
    return Outcome(code, p.stdout, p.stderr)


def run_fvemu(case: Case, target: str, extra: list[str] | None = None) -> Outcome:
    return run(fvemu_command(case, target, extra), case.source.parent)


def run_reference(case: Case, target: str) -> Outcome:
    return run(reference_command(case, target), case.source.parent)
