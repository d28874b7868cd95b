"""fvemu.mutate(): `fvemu mutate`'s report as a dict, for each arch (the conftest's
`arch` fixture); bad operators are UsageError; a program that breaks the ABI unmutated
says so in its first run and has no sites."""

import pytest

import fvemu
from conftest import BUILD, go_case


def test_mutate_a_go_program(arch):
    r = fvemu.mutate(go_case(arch, "closures"), sites=r"^main\.", jobs=2)
    assert r["missed"] == 0 and r["score"] == 100.0
    assert r["caught"] > 0 and r["mutants"] == r["caught"] + r["equivalent"]
    assert r["arch"] == arch and r["profile"] == "go"
    # --sites matches the site's function or its callee (runtime.main calls main.main).
    assert all(s["symbol"].startswith("main.") or s["callee"].startswith("main.") for s in r["sites"])
    assert r["first_run"]["outcome"] == "exit 0" and r["first_run"]["violations"] == []


def test_operators_narrow_the_mutants(arch):
    r = fvemu.mutate(go_case(arch, "closures"), sites=r"^main\.", operators=["call-func-value"])
    assert {m["operator"] for s in r["sites"] for m in s["mutants"]} == {"call-func-value"}
    assert r["caught"] == len(r["sites"])


def test_unknown_operator_is_a_usage_error():
    with pytest.raises(fvemu.UsageError, match="unknown operator 'nope'"):
        fvemu.mutate(go_case("amd64", "closures"), operators=["nope"])


def test_a_program_that_breaks_the_abi_is_not_mutated():
    r = fvemu.mutate(BUILD / "bad" / "amd64" / "wrong_word", profile="go")
    assert len(r["first_run"]["violations"]) == 2 and r["sites"] == [] and r["mutants"] == 0
