"""Bad input raises the fvemu exception of its kind, with the CLI's message and exit
status, never a crash."""

import re
import shutil
import subprocess

import pytest

import fvemu
from conftest import BUILD, c_case, go_case


def cli_message(*args):
    """The CLI's one-line error (without its "fvemu: " prefix) and exit status."""
    done = subprocess.run([str(BUILD / "fvemu"), *map(str, args)], capture_output=True, text=True)
    return done.stderr.strip().removeprefix("fvemu: "), done.returncode


def elf_with_machine(tmp_path, machine: int):
    path = tmp_path / f"machine{machine}"
    data = bytearray((c_case("amd64", "hello")).read_bytes())
    data[18:20] = machine.to_bytes(2, "little")
    path.write_bytes(bytes(data))
    return path


def bad_programs(tmp_path):
    text = tmp_path / "text"
    text.write_text("not a program\n")
    truncated = tmp_path / "truncated"
    truncated.write_bytes(c_case("amd64", "hello").read_bytes()[:70])
    return {
        "missing": (tmp_path / "missing", fvemu.ProgramNotFoundError, 127),
        "directory": (tmp_path, fvemu.ProgramError, 125),
        "text": (text, fvemu.ProgramError, 125),
        "truncated": (truncated, fvemu.ProgramError, 125),
        "dynamic": (shutil.which("true"), fvemu.ProgramError, 125),
        "mips": (elf_with_machine(tmp_path, 8), fvemu.ArchError, 125),
    }


@pytest.mark.parametrize("name", ["missing", "directory", "text", "truncated", "dynamic", "mips"])
def test_bad_program_raises_its_class_with_the_cli_message(tmp_path, name):
    path, cls, status = bad_programs(tmp_path)[name]
    with pytest.raises(cls) as info:
        fvemu.run(path)
    message, cli_status = cli_message("run", path)
    assert str(info.value) == message and info.value.exit_status == status == cli_status
    assert isinstance(info.value, fvemu.Error)


def test_exception_classes_fit_python_conventions():
    assert issubclass(fvemu.ProgramNotFoundError, FileNotFoundError)
    assert issubclass(fvemu.UsageError, ValueError)
    assert issubclass(fvemu.ArchError, fvemu.ProgramError)
    assert issubclass(fvemu.ViolationError, fvemu.Error)


def test_wrong_arch_is_an_arch_error(arch):
    other = "arm" if arch != "arm" else "386"
    with pytest.raises(fvemu.ArchError) as info:
        fvemu.run(go_case(arch, "closures"), arch=other)
    assert str(info.value) == cli_message("run", "--arch", other, go_case(arch, "closures"))[0]


@pytest.mark.parametrize("kwargs, cli, match", [
    ({"profile": "gccgo"}, ["--profile", "gccgo"], "unknown --profile gccgo"),
    ({"ro": ["/nonexistent-dir"]}, ["--ro", "/nonexistent-dir"], "/nonexistent-dir"),
])
def test_bad_options_are_usage_errors_with_the_cli_message(kwargs, cli, match):
    program = go_case("amd64", "closures")
    with pytest.raises(fvemu.UsageError, match=match) as info:
        fvemu.check(program, **kwargs)
    assert str(info.value) == cli_message("check", *cli, program)[0]


def test_bad_filter_regex_and_timeout_are_usage_errors():
    with pytest.raises(fvemu.UsageError, match=re.escape("run: filter main\\.(: ")):
        fvemu.run(go_case("amd64", "closures"), filter=r"main\.(")
    with pytest.raises(fvemu.UsageError, match="timeout must be >= 0"):
        fvemu.run(go_case("amd64", "closures"), timeout=-1)


def test_check_needs_a_profile_it_can_tell(arch):
    with pytest.raises(fvemu.UsageError, match="is not a Go program nor built on fvrt"):
        fvemu.check(c_case(arch, "hello"))
    # Named, it checks: glibc passes C arguments in the go profile's register, which
    # is not what the profile allows.
    r = fvemu.check(c_case(arch, "hello"), profile="go", raise_on_violation=False)
    assert r.profile == "go" and r.counts["events"] > 0 and r.exit_code == 0
