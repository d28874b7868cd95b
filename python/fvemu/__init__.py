"""fvemu: run Linux programs for 386, amd64 and arm under Unicorn, and check that they
call func values the way the Go ABI says.

    import fvemu
    r = fvemu.run("build/go/arm7/closures")
    assert r.exit_code == 0 and not r.violations
    for call in r.calls:
        print(call.site_symbol, "->", call.callee_symbol, call.source)

run() and check() cover most uses; Machine gives callbacks on calls and stepping.
"""

from __future__ import annotations

import json
import os
from typing import Iterable, Mapping, Optional, Sequence, Union

from ._fvemu import CallEvent, Machine, Profile, Result, Violation, profiles
from ._fvemu import mutate_json as _mutate_json
from ._fvemu import replay as _replay
from ._fvemu import targets_json as _targets_json
from .errors import (ArchError, Error, InternalError, ProgramError, ProgramNotFoundError,
                     UsageError, ViolationError)

__all__ = [
    "run", "check", "replay", "mutate", "profiles", "Machine", "Result", "CallEvent", "Violation", "Profile",
    "Error", "UsageError", "ProgramError", "ArchError", "ProgramNotFoundError",
    "InternalError", "ViolationError", "ARCHES", "targets",
]


def targets() -> dict:
    """targets.json, the table of fvemu's targets, as this fvemu has it built in: its
    arches (with the C cross compiler and qemu-user peer of each), C targets and Go
    targets."""
    return json.loads(_targets_json())


#: The arches fvemu runs, as GOARCH names them.
ARCHES = tuple(a["name"] for a in targets()["arches"])

PathLike = Union[str, "os.PathLike[str]"]


def run(path: PathLike, args: Sequence[str] = (), env: Optional[Mapping[str, str]] = None,
        arch: Optional[str] = None, profile: Optional[str] = None, trace: bool = True,
        ro: Iterable[PathLike] = (), rw: Iterable[PathLike] = (),
        max_insns: Optional[int] = None, timeout: Optional[float] = None,
        seed: Optional[int] = None, **options) -> Result:
    """Runs a static Linux program to its end under the emulator, and returns a Result.

    args: the guest's arguments after argv[0]. env: its whole environment (None: empty,
    so that runs repeat exactly). arch: the arch it must be for ("386", "amd64", "arm";
    None: whatever it is). profile: the ABI profile to check ("go", "go-step1"; None:
    the program's own, and nothing is checked when it cannot be told). trace: record
    calls and check them (False: just run). ro/rw: directories the guest may read, or
    read and write. max_insns/timeout: kill the guest with SIGXCPU past that many
    instructions or host seconds. seed: for AT_RANDOM and getrandom.

    Keyword-only options: kinds (the call kinds recorded in Result.calls, default
    ("icall", "ijmp"); also "call", "ret"), filter (a regex: record only calls whose
    site or callee symbol matches), max_calls (keep at most this many in Result.calls,
    default 100000, None: no limit; the rest are counted in Result.calls_dropped),
    stdin (bytes the guest reads; default none),
    capture (default True; False lets the guest write to this process's stdout and
    stderr), merge_stderr (capture stderr into Result.stdout, interleaved as written,
    like 2>&1), realtime, strace, inherit_env.

    Raises fvemu.Error subclasses with the CLI's messages when the program cannot run.
    """
    return Machine(path, list(args), _env(env), arch, profile, trace, list(ro), list(rw),
                   max_insns, timeout, seed, **options).run()


def check(path: PathLike, args: Sequence[str] = (), env: Optional[Mapping[str, str]] = None,
          arch: Optional[str] = None, profile: Optional[str] = None,
          ro: Iterable[PathLike] = (), rw: Iterable[PathLike] = (),
          max_insns: Optional[int] = None, timeout: Optional[float] = None,
          seed: Optional[int] = None, raise_on_violation: bool = True, **options) -> Result:
    """Runs the program like run() with the conformance checker, as `fvemu check` does.

    The profile must be known: named, or told from the program (Go programs, programs
    built on fvrt); else UsageError. With raise_on_violation (the default) a call that
    breaks a rule raises ViolationError, whose .result is the whole Result; otherwise
    the verdicts are in Result.violations and Result.check_status (0, 10 or the run's
    own status, as the CLI exits).
    """
    options.setdefault("kinds", [])
    result = Machine(path, list(args), _env(env), arch, profile, True, list(ro), list(rw),
                     max_insns, timeout, seed, require_profile=True, **options).run()
    if raise_on_violation and result.violations:
        raise ViolationError(result)
    return result


def replay(trace: PathLike, path: PathLike, profile: Optional[str] = None,
           raise_on_violation: bool = True) -> Result:
    """Checks a trace that `fvemu trace --out TRACE PROGRAM` recorded, offline, as
    `fvemu check --replay TRACE PROGRAM` does: path is the traced program (for its
    symbols and code), profile as for check() (None: the program's own, which must be
    the one it was traced with). The Result has check()'s verdicts, exit_code and
    instructions; no output and no calls (nothing runs). Raises UsageError for a trace
    that is cut, filtered, or of another program, arch or profile.
    """
    result = _replay(os.fspath(trace), os.fspath(path), profile)
    if raise_on_violation and result.violations:
        raise ViolationError(result)
    return result


def mutate(path: PathLike, args: Sequence[str] = (), env: Optional[Mapping[str, str]] = None,
           profile: Optional[str] = None, operators: Sequence[str] = (),
           sites: Optional[str] = None, jobs: int = 1, ro: Iterable[PathLike] = (),
           rw: Iterable[PathLike] = (), seed: int = 0) -> dict:
    """Measures the checker on the program by mutation, as `fvemu mutate` does: one run
    finds the func-value call sites that execute, each operator patches one instruction
    of one site, and every mutant runs under the checker. Returns the report `fvemu
    mutate --json` writes: "sites", each with its "mutants" and their "verdict" (caught,
    missed, equivalent, not reached, n/a), the counts "mutants", "caught", "missed",
    "equivalent", and "score" (caught / (caught + missed), in percent). A program that
    breaks the ABI unmutated has its violations in ["first_run"]["violations"] and no
    sites.
    """
    env_list = None if env is None else [f"{k}={v}" for k, v in _env(env).items()]
    return json.loads(_mutate_json(os.fspath(path), list(map(str, args)), env_list, profile,
                                   list(operators), sites, jobs, [os.fspath(d) for d in ro],
                                   [os.fspath(d) for d in rw], seed))


def _env(env: Optional[Mapping[str, str]]) -> Optional[dict]:
    return None if env is None else {str(k): str(v) for k, v in env.items()}
