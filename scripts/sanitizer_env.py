"""The environment of the test suites' Python children, for both conftests (tests/e2e,
python/tests).

The sanitizer build (FVEMU_SANITIZE, cmake/Sanitizers.cmake) runs pytest with GCC's
ASan runtime preloaded, since /usr/bin/python3 is not instrumented but the fvemu module
it loads is, and with leak detection off, since CPython leaves memory behind at exit.
Both have taken effect and are for Python alone: the other programs the tests start
must not inherit them (gcc, go and qemu-user would run under ASan too; fvemu links the
runtime itself and has its own options, leak detection on). Importing this module takes
them out of the environment; python_env() gives them back to a Python child that may
import fvemu."""

import os

SANITIZER_PYTHON_ENV = {}
if os.environ.pop("FVEMU_SANITIZED_PYTHON", None):
    SANITIZER_PYTHON_ENV = {k: os.environ.pop(k) for k in ("LD_PRELOAD", "ASAN_OPTIONS")
                            if k in os.environ}


def python_env(env=None):
    """The environment for a Python child that may import fvemu: env (default: ours)
    plus, in the sanitizer build, the ASan runtime preloaded."""
    return {**(os.environ if env is None else env), **SANITIZER_PYTHON_ENV}
