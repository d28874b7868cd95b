"""Shared set-up for the Python module's tests: the build tree (FVEMU_BUILD, set by
ctest; default ./build) holds the module (build/python) and the built cases."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from sanitizer_env import SANITIZER_PYTHON_ENV, python_env  # noqa: E402,F401  (ASan for Python children)

REPO = Path(os.environ.get("FVEMU_SOURCE", Path(__file__).resolve().parents[2]))
BUILD = Path(os.environ.get("FVEMU_BUILD", REPO / "build"))
sys.path.insert(0, str(BUILD / "python"))

pytest_plugins = ["fvemu.pytest_plugin"]

# The Go target each arch is tested on, and the native (C, fvrt) target.
GO_TARGET = {"386": "386", "amd64": "amd64", "arm": "arm7"}


def go_case(arch: str, name: str) -> Path:
    return BUILD / "go" / GO_TARGET[arch] / name


def c_case(arch: str, name: str) -> Path:
    return BUILD / "cases" / arch / name


def fvrt_case(arch: str, name: str, profile: str = "go") -> Path:
    return BUILD / "runtime" / profile / arch / name


def bad_fvrt_case(arch: str, name: str, profile: str = "go") -> Path:
    return BUILD / "runtime-bad" / profile / arch / name


@pytest.fixture(scope="session", autouse=True)
def built():
    if not (BUILD / "python" / "fvemu").is_dir():
        pytest.exit(f"{BUILD}/python/fvemu is missing: build first (cmake --build build)",
                    returncode=2)
