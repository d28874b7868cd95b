"""`fvemu mutate` and `fvemu matrix --mutate`: mutants of real Go binaries on every Go
target are all caught or equivalent; a program the checker cannot judge gets its
missed mutant reported with the evidence and exit status 11; a program that breaks the
ABI unmutated is refused (10); bad options are one-line usage errors (125)."""

import json
import os
import re
import shutil
import subprocess

import pytest

import cases as C

GO_CASES = {c.name: c for c in C.discover() if c.kind == "go"}
BAD = {(c.name, c.targets[0]): c for c in C.discover() if c.kind == "bad" and not c.on_fvrt}
SUMMARY = re.compile(r"^(\d+) mutants, caught (\d+), missed (\d+), equivalent (\d+): score ([\d.]+)%$")


def mutate(*args, cwd=None, timeout=600):
    return subprocess.run([str(C.FVEMU), "mutate", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)


def summary(stdout):
    m = SUMMARY.match(stdout.strip().splitlines()[-1])
    assert m, stdout
    return [int(g) for g in m.groups()[:4]] + [float(m.group(5))]


@pytest.mark.parametrize("target", C.GO_TARGETS)
def test_every_mutant_of_closures_is_caught_or_equivalent(target, tmp_path):
    case = GO_CASES["closures"]
    out = tmp_path / "report.json"
    r = mutate("-j", "2", "--json", out, case.binary(target))
    assert r.returncode == 0, r.stdout + r.stderr
    mutants, caught, missed, equivalent, score = summary(r.stdout)
    assert missed == 0 and score == 100.0 and caught >= 30 and mutants == caught + equivalent
    report = json.loads(out.read_text())
    assert report["missed"] == 0 and report["caught"] == caught and report["mutants"] == mutants
    verdicts = {m["verdict"] for s in report["sites"] for m in s["mutants"]}
    assert verdicts <= {"caught", "equivalent", "n/a"}
    sites = {s["symbol"] for s in report["sites"]}
    assert "main.holder.apply+0x1d" in sites or any(s.startswith("main.holder.apply") for s in sites)
    # Every operator is tried on main's own func-value calls, and caught by some rule.
    ops = {m["operator"] for s in report["sites"] if s["symbol"].startswith("main.")
           for m in s["mutants"] if m["verdict"] == "caught"}
    assert {"code-word-offset", "call-func-value"} <= ops
    rules = {m["violations"][0].split()[0] for s in report["sites"] for m in s["mutants"]
             if m["verdict"] == "caught"}
    assert rules & {"site", "entry", "target"}
    for s in report["sites"]:
        for m in s["mutants"]:
            assert ("why_not" in m) == (m["verdict"] == "n/a"), m


def test_mutation_is_deterministic(tmp_path):
    binary = GO_CASES["method_values"].binary("arm7")
    runs = [mutate("-j", "2", "--json", tmp_path / f"{i}.json", binary) for i in range(2)]
    assert runs[0].stdout == runs[1].stdout
    assert (tmp_path / "0.json").read_text() == (tmp_path / "1.json").read_text()


@pytest.fixture(scope="module")
def fn_table(tmp_path_factory):
    if not shutil.which("gcc"):
        pytest.skip("no gcc: the host's compiler builds tests/mutate/fn_table.S")
    out = tmp_path_factory.mktemp("fn_table") / "fn_table"
    subprocess.run(["gcc", "-nostdlib", "-static", "-o", out, C.SOURCE / "tests/mutate/fn_table.S"],
                   check=True)
    return out


def test_a_mutant_the_checker_cannot_judge_is_missed_with_its_evidence(fn_table, tmp_path):
    keep = tmp_path / "mutants"
    r = mutate("--profile", "go", "--keep", keep, "--junit", tmp_path / "m.xml", fn_table)
    assert r.returncode == 11, r.stdout + r.stderr
    assert summary(r.stdout) == [3, 2, 1, 0, 66.7]
    missed = r.stdout.split("missed (")[1]
    assert "code-word-offset: 0x" in missed and "mov ecx, dword ptr [rax + 8]" in missed
    assert "exit 1 (first run: exit 0)" in missed
    assert "stdout differs" in missed
    # The mutants stay where --keep says, and each differs from the program in its patch.
    kept = sorted(keep.iterdir())
    assert len(kept) == 3
    original = fn_table.read_bytes()
    for k in kept:
        diff = [i for i, (a, b) in enumerate(zip(original, k.read_bytes())) if a != b]
        assert 1 <= len(diff) <= 7  # one instruction: the longest here is 7 bytes
    junit = (tmp_path / "m.xml").read_text()
    assert junit.count("<testcase") == 3 and junit.count("<failure") == 1


def test_the_context_write_before_a_split_block_is_mutated(tmp_path):
    """The site's block starts at its code-word load (a 1 KiB boundary on ARM), so the
    context register's write is in the straight-line code before it: the ctx operators
    still apply there, and the checker catches them."""
    cc = shutil.which("arm-linux-gnueabihf-gcc")
    if not cc:
        pytest.skip("no arm-linux-gnueabihf-gcc: it builds tests/mutate/split_site.S")
    binary = tmp_path / "split_site"
    subprocess.run([cc, "-nostdlib", "-static", "-o", binary, C.SOURCE / "tests/mutate/split_site.S"],
                   check=True)
    r = mutate("--profile", "go", "--json", tmp_path / "r.json", binary)
    assert r.returncode == 0, r.stdout + r.stderr
    assert summary(r.stdout) == [4, 4, 0, 0, 100.0]
    (site,) = json.loads((tmp_path / "r.json").read_text())["sites"]
    assert site["symbol"] == "_start+0x404"
    block = int(site["site"], 16) - 4
    assert block % 1024 == 0
    by_op = {m["operator"]: m for m in site["mutants"]}
    for op in ("ctx-not-loaded", "ctx-other-source"):
        assert by_op[op]["verdict"] == "caught", by_op[op]
        patched = int(by_op[op]["change"].split(":")[0], 16)
        assert patched < block and "mov r7, r0 ->" in by_op[op]["change"]
        assert by_op[op]["violations"][0].startswith("site _start+0x404")


FUNCVAL = next(c for c in C.discover() if c.kind == "runtime" and c.name == "funcval")


@pytest.mark.parametrize("arch", ["386", "amd64", "arm", "arm-a32"])
def test_step1_has_no_context_register_to_mutate(arch, tmp_path):
    """fvrt's funcval built for go-step1 and for go: in step 1 the ctx- operators do
    not apply (the callee reads nothing of the func value), and the code-word
    operators patch the site's own func value register and are caught."""
    def operators(profile):
        out = tmp_path / f"{profile}.json"
        r = mutate("-j", "2", "--json", out, FUNCVAL.binary(f"{arch}/{profile}"))
        assert r.returncode == 0, r.stdout + r.stderr
        (site,) = [s for s in json.loads(out.read_text())["sites"] if s["symbol"].startswith("fv_call")]
        return {m["operator"]: m for m in site["mutants"]}
    step1 = operators("go-step1")
    for op in ("ctx-not-loaded", "ctx-other-source", "ctx-clobbered"):
        assert step1[op]["verdict"] == "n/a" and "no context register" in step1[op]["why_not"], step1[op]
    for op in ("code-word-offset", "call-func-value"):
        assert step1[op]["verdict"] == "caught", step1[op]
        assert step1[op]["violations"][0].startswith(("step1 fv_call", "target fv_call")), step1[op]
    # Built for go, the same call sets the context register and the ctx- operators are
    # judged at it: n/a for the site's own reasons (the code word is read through it).
    go = operators("go")
    for op in ("ctx-not-loaded", "ctx-other-source", "ctx-clobbered"):
        assert "no context register" not in go[op].get("why_not", ""), go[op]


def test_a_program_that_breaks_the_abi_unmutated_is_refused():
    r = mutate("--profile", "go", BAD[("wrong_word", "amd64")].binary("amd64"))
    assert r.returncode == 10
    assert "breaks the ABI unmutated (2 violation(s))" in r.stderr


@pytest.mark.parametrize("args,message", [
    (["--operators", "ctx-not-loaded,bogus"], "unknown operator 'bogus'"),
    (["--sites", "("], "--sites"),
    (["--sites", "no_such_function_anywhere"], "no func-value call site ran"),
    ([], "missing PROGRAM"),
])
def test_bad_options_get_one_line_and_125(args, message):
    binary = [] if not args else [GO_CASES["closures"].binary("amd64")]
    r = mutate(*args, *binary)
    assert r.returncode == 125, r.stderr
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_matrix_mutate_adds_the_score_on_every_go_target(tmp_path):
    # CI's sample: two cases, main's sites, every Go target.
    r = subprocess.run([str(C.FVEMU), "matrix", "--mutate", "--mutate-sites", r"^main\.", "--arches",
                        ",".join(C.GO_TARGETS), "-j", "2", "--cache", tmp_path, "--junit", tmp_path / "j.xml",
                        C.SOURCE / "cases/go/closures.go", C.SOURCE / "cases/go/method_values.go"],
                       capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stdout + r.stderr
    rows = [l for l in r.stdout.splitlines() if l.startswith("go/")]
    assert len(rows) == 2
    for row in rows:
        assert row.count("100%") == len(C.GO_TARGETS), row


def test_mutants_of_fvemu_goroots_programs_are_all_caught(tmp_path):
    """`matrix --mutate` with each toolchain of FVEMU_GOROOTS ("NAME=GOROOT ...": the
    seed era's, Go 1.0-1.4's): the rich closure case every era builds and the plain
    one, on 386, amd64, arm5 and arm7, every site of the program (runtime's too), score
    100% under the profile of the toolchain's era."""
    toolchains = C.goroots()
    if not toolchains:
        pytest.skip("FVEMU_GOROOTS (\"NAME=GOROOT NAME=GOROOT ...\") is not set")
    args = [a for name, root in toolchains for a in ("--toolchain", f"{name}={root}")]
    targets = ["386", "amd64", "arm5", "arm7"]
    r = subprocess.run([str(C.FVEMU), "matrix", "--mutate", "--arches", ",".join(targets), "-j", "2",
                        "--cache", tmp_path, *args, C.SOURCE / "cases/go/go1_closures.go",
                        C.SOURCE / "cases/go/closures.go"],
                       capture_output=True, text=True, timeout=3600,
                       env=dict(os.environ, GOCACHE=str(tmp_path / "go-cache")))
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr
    # A row per case, a column per toolchain and target.
    rows = [l for l in r.stdout.splitlines() if l.startswith("go/")]
    assert len(rows) == 2, r.stdout
    for row in rows:
        assert row.count("100%") == len(targets) * len(toolchains), row
