"""The batch queue's state machine in the SQLite log: pending -> running -> done | failed, requeue,
retries, and a dead runner's items handed to the next one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from blogwright.batch import Queue
from blogwright.store import Store, process_owner


@pytest.fixture
def queue(tmp_path):
    with Store(tmp_path / "log.db") as store:
        q = Queue(store.db)
        items = [{"line": i + 2, "slug": f"post-{i}", "topic": f"Post {i}", "spec": {"topic": f"Post {i}"},
                  "file": f"2026-12-01-post-{i}.md"} for i in range(3)]
        q.create("b-1234abcd", "f" * 64, "/cal.yaml", "/out", "md", {"concurrency": 2}, items)
        yield q


def test_created_pending_with_counts_and_lookup(queue):
    assert queue.counts("b-1234abcd") == {"pending": 3, "running": 0, "done": 0, "failed": 0, "total": 3}
    assert queue.find("b-1234")["id"] == "b-1234abcd" and queue.find("b-9") is None
    assert queue.find_by_hash("f" * 64)["options"] == {"concurrency": 2}
    assert [i["spec"]["topic"] for i in queue.items("b-1234abcd")] == ["Post 0", "Post 1", "Post 2"]


def test_claim_done_failed_requeue(queue):
    b = "b-1234abcd"
    assert queue.claim(b, 0, "run-a") and not queue.claim(b, 0, "run-b")  # only a pending item can be claimed
    item = queue.item(b, 0)
    assert item["status"] == "running" and item["attempts"] == 1 and item["run_id"] == "run-a"
    assert item["owner"] == process_owner()
    queue.done(b, 0, post_path="/out/x.md", seconds=2.5, words=600, passed=True, tokens_in=10, tokens_out=20, calls=3)
    assert queue.item(b, 0)["status"] == "done" and queue.item(b, 0)["passed"] == 1
    assert not queue.claim(b, 0, "run-c")  # a finished post is never claimed again

    assert queue.claim(b, 1, "run-d")
    queue.failed(b, 1, "server down", retry=True)
    assert queue.item(b, 1)["status"] == "pending" and queue.item(b, 1)["error"] == "server down"
    assert queue.claim(b, 1, "run-e")
    queue.failed(b, 1, "server down again", retry=False)
    assert queue.item(b, 1)["status"] == "failed" and queue.item(b, 1)["attempts"] == 2

    assert queue.claim(b, 2, "run-f")
    queue.requeue(b, 2)  # stopped by Ctrl-C: the attempt does not count
    assert queue.item(b, 2)["status"] == "pending" and queue.item(b, 2)["attempts"] == 0

    assert queue.retry_failed(b) == 1 and queue.item(b, 1)["status"] == "pending"
    assert queue.counts(b)["done"] == 1 and queue.counts(b)["pending"] == 2


def test_acquire_hands_a_dead_runners_items_back(queue):
    b = "b-1234abcd"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    ghost = process_owner().split(":")[0] + f":{dead.stdout.strip()}:1"
    queue.db.execute("UPDATE batches SET owner = ? WHERE id = ?", (ghost, b))
    queue.db.execute("UPDATE batch_items SET status = 'running', owner = ? WHERE idx = 0", (ghost,))
    queue.db.commit()
    assert queue.acquire(b) is None
    assert queue.item(b, 0)["status"] == "pending"
    assert queue.find(b)["status"] == "running" and queue.find(b)["owner"] == process_owner()
    queue.release(b, "stopped")
    assert queue.find(b)["owner"] is None and queue.find(b)["status"] == "stopped"


def test_acquire_refuses_a_batch_another_live_process_runs(queue):
    b = "b-1234abcd"
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as proc:
        try:
            from blogwright.store import process_owner as owner_of

            queue.db.execute("UPDATE batches SET owner = ? WHERE id = ?", (owner_of(proc.pid), b))
            queue.db.commit()
            assert "being run by another process" in queue.acquire(b)
        finally:
            proc.kill()


def test_publish_state_and_listing(queue):
    b = "b-1234abcd"
    queue.set_publish(b, 0, "started")
    assert queue.item(b, 0)["publish"] == "started"
    rows = queue.batches()
    assert rows[0]["id"] == b and rows[0]["total"] == 3 and rows[0]["pending"] == 3


def test_the_queue_needs_the_log():
    with pytest.raises(ValueError):
        Queue(None)


def test_migration_runs_on_an_old_log(tmp_path):
    with Store(tmp_path / "old.db") as store:
        store.db.execute("DROP TABLE batch_items")
        store.db.execute("DROP TABLE batches")
        store.db.execute("DELETE FROM _migrations WHERE name = 'm190_batches'")
        store.db.commit()
    with Store(tmp_path / "old.db") as store:
        assert Queue(store.db).batches() == []
