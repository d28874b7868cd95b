"""The targets Go's tests are built for, and how each is run: under fvemu, qemu-user, or
natively on this x86-64 host (amd64, and 386 through the kernel's 32-bit support)."""

from __future__ import annotations

import dataclasses
from typing import Dict, Optional


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


TARGETS = {t.name: t for t in (
    Target("386", "386", None, "qemu-i386", True),
    Target("amd64", "amd64", None, "qemu-x86_64", True),
    Target("arm7", "arm", "7", "qemu-arm", False),
    Target("arm5", "arm", "5", "qemu-arm", False),
)}

RUNNERS = ("fvemu", "qemu", "native")
