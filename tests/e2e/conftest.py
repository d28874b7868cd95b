"""Shared set-up for the end-to-end tests: they drive the built `fvemu` binary and
the cases built by cmake (FVEMU_BUILD, set by ctest; default ./build)."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from sanitizer_env import SANITIZER_PYTHON_ENV, python_env  # noqa: E402,F401  (ASan for Python children)
import cases as C  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def built():
    if not C.FVEMU.exists():
        pytest.exit(f"{C.FVEMU} is missing: build first (cmake --build build)", returncode=2)
