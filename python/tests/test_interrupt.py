"""The GIL is released while a guest runs, machines run in parallel threads, and
Ctrl-C ends a run cleanly with KeyboardInterrupt."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import fvemu
from conftest import BUILD, go_case, python_env

SPIN_C = "int main(void) { volatile unsigned long n = 0; for (;;) n++; }\n"

CTRL_C_SCRIPT = textwrap.dedent("""
    import sys, threading, time
    sys.path.insert(0, sys.argv[2])
    import fvemu
    ticks = 0
    def tick():
        global ticks
        while True:
            ticks += 1
            time.sleep(0.01)
    threading.Thread(target=tick, daemon=True).start()
    print("running", flush=True)
    try:
        fvemu.run(sys.argv[1])
    except KeyboardInterrupt:
        print("KeyboardInterrupt after", ticks, "ticks", flush=True)
        sys.exit(3)
    print("not interrupted")
""")


@pytest.fixture(scope="module")
def spin(tmp_path_factory):
    directory = tmp_path_factory.mktemp("spin")
    (directory / "spin.c").write_text(SPIN_C)
    subprocess.run(["gcc", "-static", "-O1", "-o", str(directory / "spin"),
                    str(directory / "spin.c")], check=True)
    return directory / "spin"


def test_ctrl_c_raises_keyboard_interrupt_and_the_gil_was_free(tmp_path, spin):
    script = tmp_path / "ctrl_c.py"
    script.write_text(CTRL_C_SCRIPT)
    # A shell runs background jobs with SIGINT ignored; the child gets the default.
    child = subprocess.Popen([sys.executable, str(script), str(spin), str(BUILD / "python")],
                             stdout=subprocess.PIPE, text=True, env=python_env(),
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert child.stdout.readline().strip() == "running"
        time.sleep(1.0)
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 3, out
    ticks = int(out.split()[2])
    assert ticks >= 20, "the ticker thread was starved: the GIL was held during the run"


def test_sigint_ignored_leaves_the_run_alone(spin):
    # With Ctrl-C off (SIG_IGN), SIGINT must not end the run: only the limit does.
    script = ("import sys, os, signal; sys.path.insert(0, sys.argv[2]); import fvemu\n"
              "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
              "import threading; threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()\n"
              "r = fvemu.run(sys.argv[1], timeout=1.0)\n"
              "print(r.signal, r.kill_report)\n")
    done = subprocess.run([sys.executable, "-c", script, str(spin), str(BUILD / "python")],
                          capture_output=True, text=True, timeout=60, env=python_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("24 ") and "time limit of 1s reached" in done.stdout


def test_machines_run_in_parallel_threads_with_the_same_results():
    programs = [go_case(arch, name) for arch in fvemu.ARCHES
                for name in ("closures", "goroutines", "defer_closures")]
    alone = [fvemu.run(p) for p in programs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(fvemu.run, programs))
    for a, b in zip(alone, together):
        assert (a.stdout, a.exit_code, a.instructions, len(a.calls)) == \
            (b.stdout, b.exit_code, b.instructions, len(b.calls))
