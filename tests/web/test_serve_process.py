"""`blogwright serve` as a real process: it answers, and Ctrl-C saves the post being written as a draft."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_then_ctrl_c_keeps_the_running_post(tmp_path, _isolated_home):
    port = free_port()
    env = {**os.environ, "BLOGWRIGHT_FAKE_DELAY": "0.02"}
    proc = subprocess.Popen([str(Path(sys.executable).parent / "blogwright"), "serve", "--port", str(port), "--model", "fake",
                             "--out", str(tmp_path / "posts")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        r = httpx.post(base + "/write", data={"topic": "Composting at home", "words": "600", "model": "fake"},
                       headers={"Origin": base})  # the server takes posts from its own pages only
        assert r.status_code == 303, r.text
        job = r.headers["location"].rsplit("/", 1)[1]
        for _ in range(300):
            state = httpx.get(f"{base}/api/jobs/{job}").json()
            if "intro" in state["parts"]:
                break
            time.sleep(0.1)
        assert state["status"] == "running"
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, 130), out  # 130: the shell convention for Ctrl-C
    assert f"http://127.0.0.1:{port}/" in out and "saved as drafts" in out
    drafts = list((tmp_path / "posts").glob("*.draft.md"))
    assert len(drafts) == 1 and "draft: true" in drafts[0].read_text()
