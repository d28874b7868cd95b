"""targets.json, the one table of fvemu's targets (which CMake and fvemu read too), as
the Python code uses it: the C and Go build targets, the directories that restrict a
case to some of them, each target's qemu-user peer and whether this host runs it."""

from __future__ import annotations

import json
from pathlib import Path

TABLE = json.loads((Path(__file__).resolve().parent.parent / "targets.json").read_text())
ARCHES = {a["name"]: a for a in TABLE["arches"]}
ARCH_OF = {t["name"]: t["arch"] for t in TABLE["c_targets"] + TABLE["go_targets"]}

TARGETS = tuple(t["name"] for t in TABLE["c_targets"])  # build/cases/<target>
GO_TARGETS = tuple(t["name"] for t in TABLE["go_targets"])  # build/go/<target>
ALL_TARGETS = TARGETS + tuple(t for t in GO_TARGETS if t not in TARGETS)
# cases/native/<dir>/ holds programs for the targets of the arches naming it (cmake/Cases.cmake).
GROUPS = {d: tuple(t for t in TARGETS if d in ARCHES[ARCH_OF[t]]["dirs"])
          for d in dict.fromkeys(d for a in TABLE["arches"] for d in a["dirs"])}
# The reference peer for each target (qemu-user, Debian's qemu-user package).
QEMU = {t: ARCHES[a]["qemu"] for t, a in ARCH_OF.items()}
# cases/bad/<arch>/ (cmake/Cases.cmake): programs that break the func-value ABI.
BAD_ARCHES = {a: tuple(t for t in TARGETS if ARCH_OF[t] == a) for a in ARCHES}
HOST_RUNS = tuple(t for t in ALL_TARGETS if ARCHES[ARCH_OF[t]]["host_runs"])  # this host runs them
