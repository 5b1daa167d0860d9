"""Crash safety with a real process: a batch of 12 posts on the fake backend (slowed by
BLOGWRIGHT_FAKE_DELAY) is killed with SIGKILL (or stopped with SIGINT) after its 5th post, then
resumed: exactly 12 posts, each written by exactly one finished run, none twice, none lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from blogwright.batch import Queue
from blogwright.store import Store

TOPICS = ["Home composting basics", "Choosing a compost bin", "Worm farms for flats", "Leaf mould in autumn",
          "Hot composting explained", "Composting coffee grounds", "Bokashi for beginners", "Compost tea myths",
          "Mulching with compost", "Compost and clay soil", "Community compost schemes", "Fixing smelly compost"]


def batch_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "blogwright", "batch", *args]


def done_count() -> int:
    try:
        with Store() as store:
            rows = Queue(store.db).batches(1)
    except Exception:  # noqa: BLE001 - the log may not exist yet
        return 0
    return rows[0]["done"] if rows else 0


def start_and_interrupt(cmd: list[str], sig: int, cwd) -> int:
    env = {**os.environ, "BLOGWRIGHT_FAKE_DELAY": "0.02"}
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while done_count() < 5:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the batch did not finish 5 posts in 120 s"
            time.sleep(0.2)  # each look opens the log: not so often that it competes with the batch's writes
        proc.send_signal(sig)
        proc.wait(timeout=60)  # SIGINT: posts in flight get 15 s (STOP_GRACE_S), then the batch exits anyway
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode


@pytest.mark.timeout(300)
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_kill_then_resume_writes_every_post_exactly_once(tmp_path, sig):
    (tmp_path / "cal.csv").write_text("topic,words\n" + "".join(f"{t},100\n" for t in TOPICS))
    cmd = batch_cmd("cal.csv", "--model", "fake", "--concurrency", "2", "--out", "posts")
    code = start_and_interrupt(cmd, sig, tmp_path)
    assert code == (-9 if sig == signal.SIGKILL else 130)
    with Store() as store:
        batch = Queue(store.db).batches(1)[0]
    assert 5 <= batch["done"] < 12

    again = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=240)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "continuing batch " + batch["id"] in again.stderr

    files = sorted(p.name for p in (tmp_path / "posts").iterdir())
    assert len(files) == 12 and not [f for f in files if not f.endswith(".md")]  # no temporary or draft files
    with Store() as store:
        queue = Queue(store.db)
        items = queue.items(batch["id"])
        done_runs = [r for r in store.runs(100) if r["status"] == "done"]
    assert {i["status"] for i in items} == {"done"}
    assert sorted(os.path.basename(i["post_path"]) for i in items) == files
    # every post was written by exactly one finished run: nothing was generated twice
    runs_seen = [(r["id"], r["status"], r["output_path"]) for r in done_runs]
    items_seen = [(i["idx"], i["run_id"], i["attempts"], i["post_path"]) for i in items]
    assert len(done_runs) == 12, (runs_seen, items_seen, again.stderr[-1500:])
    assert sorted(r["output_path"] for r in done_runs) == sorted(i["post_path"] for i in items)
    assert again.stdout.split() == [i["post_path"] for i in items]
