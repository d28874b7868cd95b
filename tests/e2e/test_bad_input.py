"""Each kind of bad input gets one line on stderr and the documented exit status:
never a crash, a hang or a traceback. Inputs are real binaries from the build, each
broken in one field, plus a real dynamically linked program."""

import struct
import subprocess

import pytest

import cases as C


def fvemu_run(path):
    return subprocess.run([str(C.FVEMU), "run", str(path)], capture_output=True, text=True,
                          timeout=60)


def patched(tmp_path, target, edits, name="prog"):
    """A copy of the hello case for `target` with `edits` {offset: bytes} applied."""
    data = bytearray((C.BUILD / "cases" / target / "hello").read_bytes())
    for off, value in edits.items():
        data[off:off + len(value)] = value
    out = tmp_path / name
    out.write_bytes(bytes(data))
    return out


def expect_one_line(r, status, text):
    assert r.returncode == status, r.stderr
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("fvemu: ") and text in lines[0], lines[0]


E_MACHINE = 18  # offset of e_machine in both ELF classes
u16 = lambda v: struct.pack("<H", v)  # noqa: E731


def test_directory(tmp_path):
    expect_one_line(fvemu_run(tmp_path), 125, "is a directory")


def test_missing_file(tmp_path):
    expect_one_line(fvemu_run(tmp_path / "nope"), 127, "no such file")


def test_not_elf(tmp_path):
    script = tmp_path / "script.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    expect_one_line(fvemu_run(script), 125, "not an ELF file")


def test_empty_file(tmp_path):
    (tmp_path / "empty").write_bytes(b"")
    expect_one_line(fvemu_run(tmp_path / "empty"), 125, "not an ELF file")


@pytest.mark.parametrize("target", ["386", "amd64", "arm"])
@pytest.mark.parametrize("keep", [30, 200, 4096])
def test_truncated(tmp_path, target, keep):
    prog = tmp_path / "truncated"
    prog.write_bytes((C.BUILD / "cases" / target / "hello").read_bytes()[:keep])
    expect_one_line(fvemu_run(prog), 125, "")


def test_program_headers_outside_file(tmp_path):
    prog = patched(tmp_path, "amd64", {32: struct.pack("<Q", 1 << 40)})  # e_phoff
    expect_one_line(fvemu_run(prog), 125, "program headers lie outside the file")


def test_entry_outside_segments(tmp_path):
    prog = patched(tmp_path, "386", {24: struct.pack("<I", 0x10)})  # e_entry
    expect_one_line(fvemu_run(prog), 125, "entry point 0x10 is outside every executable segment")


def test_dynamically_linked(tmp_path):
    src = C.SOURCE / "cases" / "native" / "hello.c"
    prog = tmp_path / "dynamic"
    subprocess.run(["gcc", "-O2", "-o", str(prog), str(src)], check=True)
    expect_one_line(fvemu_run(prog), 125, "dynamically linked; build with -static")


@pytest.mark.parametrize("machine,name", [(183, "aarch64"), (8, "mips"), (243, "riscv")])
def test_unsupported_machine(tmp_path, machine, name):
    prog = patched(tmp_path, "amd64", {E_MACHINE: u16(machine)})
    expect_one_line(fvemu_run(prog), 125, f"unsupported machine {name}")


def test_elf64_i386(tmp_path):
    prog = patched(tmp_path, "amd64", {E_MACHINE: u16(3)})
    expect_one_line(fvemu_run(prog), 125, "ELF64 is not a valid class for i386")


def test_big_endian_arm(tmp_path):
    prog = patched(tmp_path, "arm", {5: b"\x02", E_MACHINE: struct.pack(">H", 40)})
    expect_one_line(fvemu_run(prog), 125, "big-endian arm ELF is not supported")
