"""The package installs without network: `cmake --install` under a prefix, and pip
from the build tree's python/ directory into a venv (python/README.md); either way
it imports and runs a guest, and its pytest plugin loads."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import fvemu
from conftest import BUILD, REPO, go_case, python_env

SMOKE = ("import fvemu, sys; r = fvemu.run(sys.argv[1]); "
         "print(fvemu.__file__); print(r.exit_code, len(r.calls) > 0, r.profile)")


def run_python(python, *args, env=None):
    return subprocess.run([str(python), *map(str, args)], capture_output=True, text=True,
                          env=python_env(env), timeout=300, cwd="/")


def test_cmake_install_puts_a_working_package_under_the_prefix(tmp_path):
    done = subprocess.run(["cmake", "--install", str(BUILD), "--prefix", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "lib/python3/dist-packages"
    assert (tmp_path / "bin/fvemu").is_file()
    for name in ("__init__.py", "_fvemu.pyi", "py.typed", "pytest_plugin.py", "testing.py"):
        assert (site / "fvemu" / name).is_file(), name
    env = dict(os.environ, PYTHONPATH=str(site))
    out = run_python(sys.executable, "-c", SMOKE, go_case("arm", "closures"), env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [str(site / "fvemu/__init__.py"), "0 True go"]
    # The go test wrappers run the fvemu installed beside them.
    for goarch, target in (("386", "386"), ("amd64", "amd64"), ("arm", "arm7")):
        wrapper = tmp_path / "bin" / f"go_linux_{goarch}_exec"
        assert os.access(wrapper, os.X_OK), wrapper
        assert f'fvemu="$(dirname "$0")/fvemu"' in wrapper.read_text()
        case = BUILD / "go" / target / "closures"
        done = subprocess.run([str(wrapper), str(case)], capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert f"fvemu check: {case} {goarch}, profile go:" in done.stderr


def test_pip_installs_the_build_tree_package_into_a_venv(tmp_path):
    venv = tmp_path / "venv"
    made = run_python(sys.executable, "-m", "venv", "--system-site-packages", venv)
    if made.returncode != 0 and "ensurepip" in made.stderr + made.stdout:
        pytest.fail("python3-venv is missing (scripts/deps installs it)")
    assert made.returncode == 0, made.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # A copy: setuptools leaves its egg-info and build/ beside the sources.
    package = shutil.copytree(BUILD / "python", tmp_path / "package")
    pip = run_python(venv / "bin/python", "-m", "pip", "install", "--no-index",
                     "--no-build-isolation", package, env=env)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    out = run_python(venv / "bin/python", "-c", SMOKE, go_case("386", "closures"), env=env)
    assert out.returncode == 0, out.stderr
    installed, verdict = out.stdout.splitlines()
    assert installed.startswith(str(venv)) and verdict == "0 True go"
    (tmp_path / "test_plugin.py").write_text("def test_it(arch):\n    assert arch\n")
    t = run_python(venv / "bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   "-p", "fvemu.pytest_plugin", tmp_path / "test_plugin.py", env=env)
    assert t.returncode == 0 and "3 passed" in t.stdout, t.stdout + t.stderr


def public_names(node):
    return {n.name for n in node.body
            if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")}


def test_type_stubs_cover_the_module():
    stub = ast.parse((REPO / "python/fvemu/_fvemu.pyi").read_text())
    assert public_names(stub) == {n for n in dir(fvemu._fvemu) if not n.startswith("_")}
    classes = {n.name: n for n in stub.body if isinstance(n, ast.ClassDef)}
    for name, node in classes.items():
        real = {n for n in dir(getattr(fvemu._fvemu, name)) if not n.startswith("_")}
        assert public_names(node) == real, name


def test_everything_public_has_a_docstring():
    for name in ("run", "check", "Machine", "Result", "CallEvent", "Violation", "Profile"):
        assert getattr(fvemu, name).__doc__, name
    for name in ("on_call", "run", "step", "register"):
        assert getattr(fvemu.Machine, name).__doc__, name
