"""Go binaries linked with -s -w (as `go test` and `go run` link them: no ELF symbol
table, no DWARF) are named and located from the runtime's own pc-line table: the calls
traced in a stripped build carry the same symbols, files and lines as in a full build,
and the checker still knows them for Go programs."""

import os
import subprocess



import fvemu
from conftest import BUILD, REPO

GOARCH = {"386": ("386", None), "amd64": ("amd64", None), "arm": ("arm", "7")}


def go_build(arch, out, *ldflags):
    goarch, goarm = GOARCH[arch]
    env = dict(os.environ, GOOS="linux", GOARCH=goarch, CGO_ENABLED="0",
               GOCACHE=str(BUILD / "go-cache"), GO111MODULE="off", GOFLAGS="")
    if goarm:
        env["GOARM"] = goarm
    src = REPO / "cases" / "go" / "closures.go"
    subprocess.run(["go", "build", "-o", str(out), *ldflags, str(src)], env=env, check=True)
    return out


def shape(result):
    return [(c.kind, c.site_symbol, c.callee_symbol, c.file, c.line) for c in result.calls]


def test_stripped_build_is_named_and_located_like_a_full_one(arch, tmp_path):
    """On each arch (the plugin's `arch` fixture)."""
    full = go_build(arch, tmp_path / "full")
    stripped = go_build(arch, tmp_path / "stripped", "-ldflags=-s -w")
    sections = subprocess.run(["readelf", "-S", str(stripped)], capture_output=True,
                              text=True, check=True).stdout
    assert ".symtab" not in sections and ".debug_line" not in sections
    assert ".gopclntab" in sections
    a = fvemu.check(full, kinds=["icall", "call"], filter="^main\\.")
    b = fvemu.check(stripped, kinds=["icall", "call"], filter="^main\\.")
    assert b.profile == "go"  # told from runtime.main, found in the pc-line table
    assert a.stdout == b.stdout and not b.violations
    assert shape(a) == shape(b) and len(shape(b)) > 10
    assert any(c.file.endswith("cases/go/closures.go") for c in b.calls)
    # The checker's counts agree, so runtime assembly (.s files) is still told apart.
    assert a.summary == b.summary
