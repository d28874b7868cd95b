"""The targets Go's tests are built for, and how each is run: under fvemu, qemu-user, or
natively on this x86-64 host (amd64, and 386 through the kernel's 32-bit support)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Dict, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import target_table  # noqa: E402  (targets.json)


@dataclasses.dataclass(frozen=True)
class Target:
    name: str
    goarch: str
    goarm: Optional[str]
    qemu: str                 # the qemu-user binary that runs it
    native: bool              # this host runs it directly

    def go_env(self) -> Dict[str, str]:
        env = {"GOOS": "linux", "GOARCH": self.goarch, "CGO_ENABLED": "0"}
        if self.goarm:
            env["GOARM"] = self.goarm
        return env


def _from_table() -> Dict[str, Target]:
    """The Go targets targets.json marks `gosuite`, each with its arch's qemu-user peer."""
    arches = target_table.ARCHES
    return {t["name"]: Target(t["name"], t["goarch"], t["goarm"] or None, arches[t["arch"]]["qemu"],
                              arches[t["arch"]]["host_runs"])
            for t in target_table.TABLE["go_targets"] if t["gosuite"]}


TARGETS = _from_table()

RUNNERS = ("fvemu", "qemu", "native")
