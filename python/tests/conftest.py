"""Shared set-up for the Python module's tests: the build tree (FVEMU_BUILD, set by
ctest; default ./build) holds the module (build/python) and the built cases."""

import os
import sys
from pathlib import Path

import pytest

# The sanitizer build (FVEMU_SANITIZE, cmake/Sanitizers.cmake) runs this pytest with
# GCC's ASan runtime preloaded, since /usr/bin/python3 is not instrumented but the
# module it loads is, and with leak detection off, since CPython leaves memory behind at
# exit. Both have taken effect and are for Python alone: the other programs the tests
# start must not inherit them (gcc and go would run under ASan too; fvemu links the
# runtime itself and has its own options, leak detection on). A Python child that
# imports fvemu gets them back through python_env().
SANITIZER_PYTHON_ENV = {}
if os.environ.pop("FVEMU_SANITIZED_PYTHON", None):
    SANITIZER_PYTHON_ENV = {k: os.environ.pop(k) for k in ("LD_PRELOAD", "ASAN_OPTIONS")
                            if k in os.environ}


def python_env(env=None):
    """The environment for a Python child that may import fvemu: env (default: ours)
    plus, in the sanitizer build, the ASan runtime preloaded."""
    return {**(os.environ if env is None else env), **SANITIZER_PYTHON_ENV}


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
