"""Builds one test for one target and runs the binary under fvemu (with the conformance
checker), qemu-user or natively, judging the run as test/run.go does: exit status 0 and
combined stdout+stderr equal to the .out file (or empty when there is none)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from typing import List, Optional, Sequence

import fvemu

from selection import Test
from targets import Target

PASSED = "passed"
FAILED_OUTPUT = "failed (output)"
FAILED_CONFORMANCE = "failed (conformance)"
TIMED_OUT = "timed out"
FAILED_BUILD = "failed (build)"
SKIPPED = "skipped"
STATUSES = (PASSED, FAILED_OUTPUT, FAILED_CONFORMANCE, TIMED_OUT, FAILED_BUILD, SKIPPED)


@dataclasses.dataclass
class Outcome:
    test: str
    target: str
    runner: str
    status: str
    detail: str = ""          # skip reason, exit status, fvemu's verdict
    seconds: float = 0.0
    output: str = ""          # the combined output, when it was not what was expected
    violations: List[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Built:
    exe: Optional[str]
    error: str = ""


class Builder:
    """Builds test programs with the host's go for a target, cached by content."""

    def __init__(self, out_dir: str, gocache: str):
        self.out_dir = out_dir
        self.gocache = gocache
        self.go_version = subprocess.run(["go", "version"], capture_output=True, text=True,
                                         check=True).stdout.strip()

    def build(self, test: Test, target: Target) -> Built:
        exe = os.path.join(self.out_dir, target.name, test.name[:-3])
        env = dict(os.environ, GOCACHE=self.gocache, GO111MODULE="off", GOFLAGS="",
                   **target.go_env())
        if test.goexperiment:
            env["GOEXPERIMENT"] = test.goexperiment
        sources = [os.path.basename(test.name), *test.extra_files]
        cmd = ["go", "build", "-o", exe, *test.gcflags, *sources]
        key = self._key(test, sources, cmd, env)
        if os.path.exists(exe) and _read(exe + ".key") == key:
            return Built(exe)
        os.makedirs(os.path.dirname(exe), exist_ok=True)
        p = subprocess.run(cmd, cwd=os.path.dirname(test.path), env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            return Built(None, p.stdout.strip())
        with open(exe + ".key", "w") as f:
            f.write(key)
        return Built(exe)

    def _key(self, test: Test, sources: List[str], cmd: List[str], env: dict) -> str:
        h = hashlib.sha256()
        for name in sources:
            with open(os.path.join(os.path.dirname(test.path), name), "rb") as f:
                h.update(f.read())
        goenv = sorted((k, v) for k, v in env.items() if k.startswith("GO") and k != "GOCACHE")
        h.update(repr((self.go_version, cmd[4:], goenv)).encode())
        return h.hexdigest()


def goroot_dirs() -> List[str]:
    """GOROOT and its symlinked subdirectories (Debian's /usr/lib/go-1.19/src points into
    /usr/share): tests read GOROOT's files (winbatch.go walks it), as run.go lets them."""
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True,
                            check=True).stdout.strip()
    links = [os.path.join(goroot, e) for e in sorted(os.listdir(goroot))]
    return [goroot] + [d for d in links if os.path.islink(d) and os.path.isdir(d)]


def _read(path: str) -> Optional[str]:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


class Runner:
    """Runs built tests: each in the test directory with a private, writable TMPDIR and
    the same small environment under every runner (with GOOS, GOARCH and GOARM, as
    test/run.go sets them). fvemu's guest may read the test directory and `ro`."""

    def __init__(self, timeout: float, ro: Sequence[str] = ()):
        self.timeout = timeout
        self.ro = list(ro)

    def run(self, runner: str, test: Test, target: Target, exe: str) -> Outcome:
        tmp = tempfile.mkdtemp(prefix="gosuite-")
        env = {"TMPDIR": tmp, "HOME": tmp, "PATH": "/usr/bin:/bin", **target.go_env()}
        start = time.monotonic()
        try:
            if runner == "fvemu":
                o = self._fvemu(test, target, exe, env, tmp)
            else:
                cmd = [exe] if runner == "native" else [target.qemu, exe]
                o = self._process(test, target, runner, cmd, env)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        o.seconds = round(time.monotonic() - start, 3)
        return o

    def _fvemu(self, test: Test, target: Target, exe: str, env: dict, tmp: str) -> Outcome:
        o = Outcome(test.name, target.name, "fvemu", PASSED)
        try:
            r = fvemu.check(exe, test.args, env, ro=[test.dir, *self.ro], rw=[tmp],
                            timeout=self.timeout,
                            raise_on_violation=False, merge_stderr=True)
        except fvemu.Error as e:
            o.status, o.detail = FAILED_OUTPUT, f"fvemu: {e}"
            return o
        if r.violations:
            o.status = FAILED_CONFORMANCE
            o.violations = [str(v) for v in r.violations]
            o.detail = f"{len(r.violations)} violation(s)"
        elif r.signal == signal.SIGXCPU:
            o.status, o.detail = TIMED_OUT, r.kill_report or ""
        else:
            self._judge(o, test, r.exit_code, r.stdout, r.kill_report)
        return o

    def _process(self, test: Test, target: Target, runner: str, cmd: List[str],
                 env: dict) -> Outcome:
        o = Outcome(test.name, target.name, runner, PASSED)
        try:
            p = subprocess.run([*cmd, *test.args], cwd=test.dir, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            o.status, o.detail = TIMED_OUT, f"still running after {self.timeout:g} s"
            return o
        code = p.returncode if p.returncode >= 0 else 128 - p.returncode
        self._judge(o, test, code, p.stdout, None)
        return o

    @staticmethod
    def _judge(o: Outcome, test: Test, code: int, out: bytes, report: Optional[str]) -> None:
        want = test.expected_output()
        if code != 0 or out.replace(b"\r\n", b"\n") != want:
            o.status = FAILED_OUTPUT
            o.detail = f"exit status {code}" + (f": {report}" if report else "")
            if out != want:
                o.detail += ", output differs from " + (
                    os.path.basename(test.out_path) if want else "nothing")
            o.output = out[-4000:].decode(errors="replace")
