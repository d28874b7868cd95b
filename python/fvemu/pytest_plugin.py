"""pytest fixtures for fvemu. Enable with `-p fvemu.pytest_plugin` or
`pytest_plugins = ["fvemu.pytest_plugin"]` in the root conftest.py.

Fixtures:
  arch           parametrises a test over the arches (--fvemu-arch to narrow it)
  fvemu_builder  a session-wide fvemu.testing.Builder (builds cached per session)
  build_and_run  build_and_run(source, arch, **run_options) -> fvemu.Result
"""

from __future__ import annotations

import os

import pytest

import fvemu
from fvemu import testing


def pytest_addoption(parser):
    group = parser.getgroup("fvemu")
    group.addoption("--fvemu-arch", action="append", default=None, choices=fvemu.ARCHES,
                    help="run `arch`-parametrised tests for this arch only (repeatable; "
                         "default: 386, amd64 and arm)")


def pytest_generate_tests(metafunc):
    if "arch" in metafunc.fixturenames:
        arches = metafunc.config.getoption("fvemu_arch") or list(fvemu.ARCHES)
        metafunc.parametrize("arch", arches)


@pytest.fixture(scope="session")
def fvemu_builder(tmp_path_factory) -> testing.Builder:
    """Builds Go and C sources for an arch. FVEMU_BUILD_CACHE names a directory that
    keeps builds across sessions; GOCACHE is honoured."""
    directory = os.environ.get("FVEMU_BUILD_CACHE") or tmp_path_factory.mktemp("fvemu-builds")
    return testing.Builder(directory)


@pytest.fixture
def build_and_run(fvemu_builder):
    """build_and_run(source, arch, **options): builds a Go or C source (text or file)
    for `arch` and runs it under fvemu with the checker: fvemu.run(..., **options)."""
    return fvemu_builder.run
