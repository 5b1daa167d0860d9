"""Issue 28, fixed35: the `blogwright` process ends with `core.process.quick_exit`: what `sys.exit` would
show (the status, flushed output, `atexit` functions, temporary folders removed), without Python's teardown
of every module and object (~0.3 s CPU after a write); a thread Python waits for still gets waited for."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import pytest

from blogwright.core.process import exit_status, quick_exit

app_module = importlib.import_module("blogwright.cli.app")  # the module (`blogwright.cli.app` the attribute is the Typer app)


def _run(code: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)


QUICK = """
    import atexit, sys, tempfile, pathlib
    from blogwright.core.process import quick_exit

    class Noisy:
        def __del__(self):
            print("torn down", file=sys.stderr)

    kept = Noisy()  # a module global: freed by Python's teardown, which quick_exit skips
    folder = tempfile.TemporaryDirectory(dir=".")  # removed by its weakref.finalize, an atexit function
    pathlib.Path("folder.txt").write_text(folder.name)
    atexit.register(lambda: pathlib.Path("atexit.txt").write_text("ran"))
    sys.stdout.write("no newline, still buffered")
    {end}
"""


def test_quick_exit_runs_atexit_flushes_and_skips_the_teardown(tmp_path):
    out = _run(QUICK.format(end="quick_exit(3)"), tmp_path)
    assert out.returncode == 3
    assert out.stdout == "no newline, still buffered"
    assert (tmp_path / "atexit.txt").read_text() == "ran"
    folder = (tmp_path / "folder.txt").read_text()
    assert not (tmp_path / folder).exists()
    assert "torn down" not in out.stderr  # the teardown did not run


def test_sys_exit_tears_down_what_quick_exit_does_not(tmp_path):
    """The same program ended by sys.exit: the teardown frees the global (what quick_exit saves)."""
    out = _run(QUICK.format(end="sys.exit(3)"), tmp_path)
    assert out.returncode == 3 and "torn down" in out.stderr and (tmp_path / "atexit.txt").is_file()


def test_a_running_thread_is_waited_for(tmp_path):
    out = _run("""
        import pathlib, threading, time
        from blogwright.core.process import quick_exit

        def late():
            time.sleep(0.3)
            pathlib.Path("late.txt").write_text("done")

        threading.Thread(target=late).start()
        quick_exit(0)
    """, tmp_path)
    assert out.returncode == 0 and (tmp_path / "late.txt").read_text() == "done"


def test_a_closed_stdout_is_status_120_as_python_says(tmp_path):
    out = _run("""
        import os, sys
        from blogwright.core.process import quick_exit
        r, w = os.pipe()
        os.close(r)
        sys.stdout = os.fdopen(w, "w")
        sys.stdout.write("x" * 10)
        quick_exit(0)
    """, tmp_path)
    assert out.returncode == 120


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), (130, 130), ("bad", 1)])
def test_exit_status_is_what_sys_exit_gives(code, status):
    assert exit_status(code) == status


def test_the_entry_point_ends_with_the_apps_status(monkeypatch, ended_by):
    monkeypatch.setattr(app_module, "quick_exit", ended_by)
    monkeypatch.setattr(sys, "argv", ["blogwright", "--version"])
    with pytest.raises(ended_by.Ended):
        app_module.entry_point()
    assert ended_by.codes == [0]


def test_python_m_blogwright_ends_quickly_with_the_right_status(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "blogwright", "--version"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and ok.stdout.startswith("blogwright ")
    bad = subprocess.run([sys.executable, "-m", "blogwright", "runs", "--bogus"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--bogus" in bad.stderr


def test_quick_exit_off_the_main_thread_is_sys_exit():
    import threading

    caught: list[BaseException] = []

    def run():
        try:
            quick_exit(5)
        except SystemExit as exc:
            caught.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert caught and caught[0].code == 5
