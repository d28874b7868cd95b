"""Shared set-up for the end-to-end tests: they drive the built `fvemu` binary and
the cases built by cmake (FVEMU_BUILD, set by ctest; default ./build)."""

import os
import sys
from pathlib import Path

import pytest

# The sanitizer build (FVEMU_SANITIZE, cmake/Sanitizers.cmake) runs this pytest with
# GCC's ASan runtime preloaded, for the Python children that load the instrumented
# fvemu module into /usr/bin/python3 (gosuite/testdir.py), and with leak detection off,
# since CPython leaves memory behind at exit. Neither is for the other programs the
# tests start (qemu-user and gcc would run under ASan too; fvemu links the runtime
# itself and has its own options, leak detection on): they come out of the environment
# here, and python_env() gives them back to a Python child.
SANITIZER_PYTHON_ENV = {}
if os.environ.pop("FVEMU_SANITIZED_PYTHON", None):
    SANITIZER_PYTHON_ENV = {k: os.environ.pop(k) for k in ("LD_PRELOAD", "ASAN_OPTIONS")
                            if k in os.environ}


def python_env(env=None):
    """The environment for a Python child that may import fvemu: env (default: ours)
    plus, in the sanitizer build, the ASan runtime preloaded."""
    return {**(os.environ if env is None else env), **SANITIZER_PYTHON_ENV}


sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import cases as C  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def built():
    if not C.FVEMU.exists():
        pytest.exit(f"{C.FVEMU} is missing: build first (cmake --build build)", returncode=2)
