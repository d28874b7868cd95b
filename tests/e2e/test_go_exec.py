"""go test through the go_linux_<GOARCH>_exec wrappers (build/bin): the test binaries of
standard packages run under fvemu with the checker, on 386, amd64 and arm, both ways the
go command finds a wrapper (on PATH when cross-compiling; -exec on any arch).

CI runs sort and container/list; FVEMU_GO_STD_ALL=1 (scripts/go-suite) adds strconv,
strings, reflect, sync and time. Tests run with -short, as Go's own builders run them
for slow targets."""

import os
import subprocess

import pytest

import cases as C

BIN = C.BUILD / "bin"
GOARCHES = ("386", "amd64", "arm")
CI_PACKAGES = ("sort", "container/list")
MORE_PACKAGES = ("strconv", "strings", "reflect", "sync", "time")
PACKAGES = CI_PACKAGES + (MORE_PACKAGES if os.environ.get("FVEMU_GO_STD_ALL") else ())

# Documented skips: tests that need what a confined guest of one process cannot have.
# Go 1.19's go test has no -skip, so the package's other tests are named with -run.
SKIPS = {
    "sync": {"TestMutexMisuse": "re-runs the test binary as a child (os/exec); fvemu starts "
                                "no host programs"},
    "time": {"TestLoadLocationFromTZData": "reads $GOROOT/lib/time/zoneinfo.zip, which "
                                           "Debian's Go does not ship: it fails natively too",
             "TestEnvTZUsage": "reads the host's /etc/localtime, outside the guest's roots",
             "TestBadLocationErrMsg": "probes zoneinfo directories outside the guest's roots, "
                                      "which answer EACCES where a missing one gives ENOENT"},
}
# time's tests load America/Los_Angeles from $GOROOT/lib/time/zoneinfo.zip (Debian has
# none); the timetzdata tag embeds the zone database instead, as the tests' panic advises.
TAGS = {"time": "timetzdata"}


def go_env(goarch, path_first=None):
    env = dict(os.environ, GOARCH=goarch, GOOS="linux", CGO_ENABLED="0",
               GOCACHE=str(C.BUILD / "go-cache"), GOFLAGS="")
    if path_first:
        env["PATH"] = f"{path_first}:{env['PATH']}"
    return env


def go_test(goarch, package, *flags, via_path):
    cmd = ["go", "test", "-short", "-count=1", *flags, package]
    if package in TAGS:
        cmd[2:2] = ["-tags", TAGS[package]]
    if not via_path:
        cmd[2:2] = ["-exec", str(BIN / f"go_linux_{goarch}_exec")]
    return subprocess.run(cmd, env=go_env(goarch, BIN if via_path else None), cwd=C.BUILD,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=1200)


def run_flags(goarch, package):
    """-run naming the package's tests and examples less its SKIPS (none: all of them)."""
    if package not in SKIPS:
        return []
    listed = go_test(goarch, package, "-list", ".", via_path=False)
    assert listed.returncode == 0, listed.stdout
    names = [w for w in listed.stdout.split() if w.startswith(("Test", "Example", "Fuzz"))]
    assert set(SKIPS[package]) <= set(names)  # a skip names a test that exists
    return ["-run", "^(" + "|".join(n for n in names if n not in SKIPS[package]) + ")$"]


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize("goarch", GOARCHES)
def test_go_test_with_exec_flag(goarch, package):
    p = go_test(goarch, package, *run_flags(goarch, package), via_path=False)
    assert p.returncode == 0 and p.stdout.startswith(f"ok  \t{package}\t"), p.stdout[-3000:]


# The go command looks on PATH only when cross-compiling: 386 and arm on this host.
@pytest.mark.parametrize("goarch", ("386", "arm"))
def test_go_test_finds_the_wrapper_on_path(goarch, tmp_path):
    # A test that fails only under a wrapper proves it ran there, and under fvemu.
    pkg = tmp_path / "probe"
    pkg.mkdir()
    (pkg / "go.mod").write_text("module probe\n\ngo 1.19\n")
    (pkg / "probe_test.go").write_text(
        'package probe\n\nimport (\n\t"os"\n\t"testing"\n)\n\n'
        "func TestWhere(t *testing.T) {\n"
        "\tt.Logf(\"TMPDIR=%s\", os.Getenv(\"TMPDIR\"))\n"
        "\tif _, err := os.ReadFile(\"/etc/passwd\"); err == nil {\n"
        "\t\tt.Fatal(\"read /etc/passwd: not confined\")\n\t}\n"
        "\tif err := os.WriteFile(\"out.txt\", nil, 0o644); err == nil {\n"
        "\t\tt.Fatal(\"wrote the package directory: not read-only\")\n\t}\n"
        "\tif err := os.WriteFile(os.TempDir()+\"/x\", []byte(\"x\"), 0o644); err != nil {\n"
        "\t\tt.Fatal(err)\n\t}\n"
        "\tif entries, err := os.ReadDir(\".\"); err != nil || len(entries) != 2 {\n"
        "\t\tt.Fatal(\"listing the package directory:\", entries, err)\n\t}\n}\n")
    env = go_env(goarch, BIN)
    env["TMPDIR"] = str(tmp_path / "tmp")
    os.mkdir(env["TMPDIR"])
    p = subprocess.run(["go", "test", "-v", "-count=1", "."], cwd=pkg, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    assert p.returncode == 0, p.stdout
    assert "fvemu-exec." in p.stdout  # the wrapper's private TMPDIR
    assert not list(pkg.glob("out.txt"))
    assert not list((tmp_path / "tmp").glob("fvemu-exec.*"))  # removed after the run


@pytest.mark.parametrize("goarch,bad_arch", [("386", "386"), ("amd64", "amd64"), ("arm", "arm")])
def test_violation_fails_the_run_with_the_report(goarch, bad_arch):
    bad = C.BUILD / "runtime-bad" / "go" / bad_arch / "jmpdefer_to_funcval"
    p = subprocess.run([str(BIN / f"go_linux_{goarch}_exec"), str(bad)], cwd=C.BUILD,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    assert p.returncode == 10, p.stderr
    assert "rule " in p.stderr and "violations: 1" in p.stderr, p.stderr


def test_wrong_arch_is_refused():
    p = subprocess.run([str(BIN / "go_linux_arm_exec"), str(C.BUILD / "go" / "amd64" / "closures")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    assert p.returncode == 125 and "arm" in p.stderr, p.stderr


def test_usage():
    p = subprocess.run([str(BIN / "go_linux_386_exec")], stderr=subprocess.PIPE, text=True)
    assert p.returncode == 125 and p.stderr.startswith("usage: go_linux_386_exec PROGRAM")
