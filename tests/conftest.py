"""Shared fixtures: every test gets its own data dir, so no test touches the user's log."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("bw-home")
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(home))
    monkeypatch.delenv("BLOGWRIGHT_DB", raising=False)
    monkeypatch.setenv("BLOGWRIGHT_CONFIG", str(home / "config.yaml"))
    from blogwright.core import config

    config._load.cache_clear()
    yield home
    config._load.cache_clear()


class Ended(Exception):
    """Raised by `ended_by` in place of ending the process."""


@pytest.fixture
def ended_by():
    """A stand-in for `core.process.quick_exit`: records the status and raises `Ended` instead of ending the
    process. `ended_by.codes` holds what it was called with."""
    codes: list[object] = []

    def fake(code: object = 0):
        codes.append(code)
        raise Ended

    fake.codes = codes
    fake.Ended = Ended
    return fake


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    """A real `python -m llama_cpp.server` with the bundled model on a free 127.0.0.1 port (module scope)."""
    pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python[server] is not installed")
    from blogwright.backends.local import bundled_model_path

    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_model_path()),
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ))
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server did not answer within 120 s: {log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
