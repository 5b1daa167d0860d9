"""The batch runner in this process on the fake backend: fixed file names, a finished post never
written again (also after a simulated crash), other people's files never overwritten, one failing
post never stopping the others, Ctrl-C leaving the queue resumable, idempotent publishing."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from blogwright.backends.fake import FakeBackend, default_responder
from blogwright.batch import BatchStarted, ItemFinished, Queue, Runner, RunOptions, plan_batch
from blogwright.core.errors import BackendError
from blogwright.model.request import STDOUT
from blogwright.store import Store

CAL = """\
defaults:
  words: 150
posts:
  - topic: Home composting basics
    date: 2026-12-01
  - topic: Choosing a compost bin
    date: 2026-12-02
    slug: compost-bins
  - topic: Worm farms for flats
    date: 2026-12-03
"""
NAMES = ["2026-12-01-home-composting-basics.md", "2026-12-02-compost-bins.md", "2026-12-03-worm-farms-for-flats.md"]


class Factory:
    """Makes the fake backends the runner asks for, and remembers them."""

    def __init__(self, delay: float = 0.0, fail_topic: str = ""):
        self.made: list[FakeBackend] = []
        self.delay, self.fail_topic = delay, fail_topic

    def respond(self, messages, params):
        if self.fail_topic and any(self.fail_topic in m.content for m in messages):
            raise BackendError("the server at http://x failed 8 tries in a row (last: HTTP 503)")
        return default_responder(messages, params)

    def __call__(self, spec: str) -> FakeBackend:
        backend = FakeBackend(function=self.respond, delay=self.delay)
        self.made.append(backend)
        return backend

    @property
    def calls(self) -> int:
        return sum(len(b.calls) for b in self.made)


@pytest.fixture
def cal(tmp_path):
    path = tmp_path / "cal.yaml"
    path.write_text(CAL)
    return path


def run(batch_id, factory, events=None, **opts):
    opts.setdefault("model", "fake")
    return Runner(batch_id, RunOptions(**opts), on_event=(events.append if events is not None else None),
                  backend_factory=factory).run()


def test_each_post_once_under_its_fixed_name_and_a_rerun_writes_nothing(cal, tmp_path):
    out = tmp_path / "posts"
    planned = plan_batch(cal, out)
    factory, events = Factory(), []
    report = run(planned.batch_id, factory, events, concurrency=2)
    assert report.status == "done" and report.counts.done == 3
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    text = (out / NAMES[1]).read_text()
    assert "slug: compost-bins" in text and "date: '2026-12-02" in text
    started = events[0]
    assert isinstance(started, BatchStarted) and started.total == 3 and "2 posts at a time on fake" in started.mode
    finished = [e for e in events if isinstance(e, ItemFinished)]
    assert [e.counts.done for e in finished] == [1, 2, 3] and finished[-1].eta_s is None
    assert all(i.tokens_in > 0 and i.calls > 0 and i.words > 0 for i in report.items)
    with Store() as store:  # the log knows where each post went, with the batch's slug
        for item in report.items:
            run_row = store.run(item.run_id)
            assert run_row["output_path"] == item.path and item.slug in run_row["post"]

    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = plan_batch(cal, out)  # the same calendar: the same batch
    assert again.batch_id == planned.batch_id and not again.created
    second = Factory()
    assert run(again.batch_id, second).counts.done == 3
    assert second.calls == 0 and {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes
    assert plan_batch(cal, tmp_path / "elsewhere").batch_id != planned.batch_id  # another --out: another batch


def test_a_post_finished_before_a_crash_is_not_written_again(cal, tmp_path):
    out = tmp_path / "posts"
    planned = plan_batch(cal, out)
    run(planned.batch_id, Factory())
    before = (out / NAMES[0]).read_text()
    with Store() as store:  # the crash: the post was finished in the log, its file written or not, the queue not told
        store.db.execute("UPDATE batch_items SET status = 'running', owner = 'elsewhere:1:1' WHERE idx IN (0, 1)")
        store.db.execute("UPDATE batches SET owner = NULL")
        store.db.commit()
    (out / NAMES[0]).unlink()
    factory = Factory()
    report = run(planned.batch_id, factory)
    assert factory.calls == 0 and report.counts.done == 3
    assert (out / NAMES[0]).read_text() == before and sorted(p.name for p in out.iterdir()) == sorted(NAMES)


def test_a_kill_between_the_file_and_the_log_leaves_one_copy_and_no_temporary_file(cal, tmp_path):
    """Killed after a post's file was saved but before the log said where, the resumed batch saved the
    post again as `-2` (the post twice); killed mid-save, it left the hidden temporary file in the folder."""
    out = tmp_path / "posts"
    planned = plan_batch(cal, out)
    run(planned.batch_id, Factory())
    before = (out / NAMES[0]).read_text()
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)
    (out / f".{NAMES[1]}.{dead}-123.tmp").write_text("half a po")  # its process was killed mid-save
    alive = out / f".{NAMES[2]}.{os.getpid()}-456.tmp"  # a save still going on: not ours to remove
    other = out / f".notes.md.{dead}-789.tmp"  # not one of the batch's posts
    alive.write_text("being written")
    other.write_text("someone else's")
    with Store() as store:  # the kill: the file saved, the log not told where, the queue not told at all
        store.db.execute("UPDATE runs SET output_path = ? WHERE id = (SELECT run_id FROM batch_items WHERE idx = 0)",
                         (STDOUT,))  # as `write_logged` left it: the batch asks for the post back, not a file
        store.db.execute("UPDATE batch_items SET status = 'running', owner = 'elsewhere:1:1' WHERE idx = 0")
        store.db.execute("UPDATE batches SET owner = NULL")
        store.db.commit()
    factory = Factory()
    report = run(planned.batch_id, factory)
    assert factory.calls == 0 and report.counts.done == 3
    assert sorted(p.name for p in out.iterdir()) == sorted([*NAMES, alive.name, other.name])
    assert report.items[0].path == str(out / NAMES[0]) and (out / NAMES[0]).read_text() == before


def test_a_post_unfinished_at_the_crash_starts_again(cal, tmp_path):
    out = tmp_path / "posts"
    planned = plan_batch(cal, out)
    with Store() as store:
        store.start_run("20261201-000000-dead00", "Home composting basics", {}, "fake", "fake-model")
        store.finish_run("20261201-000000-dead00", "crashed")
        store.db.execute("UPDATE batch_items SET status = 'running', run_id = '20261201-000000-dead00', attempts = 1 "
                         "WHERE idx = 0")
        store.db.commit()
    factory = Factory()
    report = run(planned.batch_id, factory)
    assert report.counts.done == 3 and factory.calls > 0
    first = report.items[0]
    assert first.run_id != "20261201-000000-dead00" and first.attempts == 2
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)


def test_a_file_the_batch_did_not_write_is_never_overwritten(cal, tmp_path):
    out = tmp_path / "posts"
    out.mkdir()
    (out / NAMES[2]).write_text("my own post\n")
    report = run(plan_batch(cal, out).batch_id, Factory())
    assert (out / NAMES[2]).read_text() == "my own post\n"
    assert [i.status for i in report.items] == ["done", "done", "failed"] and report.status == "failed"
    assert "already exists and this batch did not write it" in report.items[2].error
    assert report.items[2].attempts == 1  # not retried: trying again cannot help


def test_one_failing_post_never_stops_the_others(cal, tmp_path):
    factory = Factory(fail_topic="Choosing a compost bin")
    events = []
    report = run(plan_batch(cal, tmp_path / "posts").batch_id, factory, events, concurrency=2, retries=1)
    assert [i.status for i in report.items] == ["done", "failed", "done"]
    assert report.items[1].attempts == 2 and "failed 8 tries" in report.items[1].error
    assert [e.status for e in events if isinstance(e, ItemFinished) and e.idx == 1] == ["retry", "failed"]
    # resuming tries the failed post again
    report = run(report.batch_id, Factory())
    assert [i.status for i in report.items] == ["done"] * 3 and report.items[1].attempts == 3


def test_stop_leaves_the_queue_resumable(cal, tmp_path):
    out = tmp_path / "posts"
    planned = plan_batch(cal, out)
    stop = threading.Event()

    def on_event(e):
        if isinstance(e, ItemFinished) and e.status == "done":
            stop.set()  # what Ctrl-C does: the post in flight stops at its next step

    runner = Runner(planned.batch_id, RunOptions(model="fake", concurrency=2), on_event=on_event, stop=stop,
                    backend_factory=Factory(delay=0.002))
    report = runner.run()
    assert report.status == "stopped" and report.counts.done >= 1 and report.counts.pending >= 1
    assert report.counts.running == 0 and not list(out.glob(".*.tmp"))
    with Store() as store:
        assert Queue(store.db).find(planned.batch_id)["status"] == "stopped"
        interrupted = [r for r in store.runs(20) if r["status"] == "interrupted"]
    assert all(not r["output_path"] for r in interrupted)
    report = run(planned.batch_id, Factory())
    assert report.status == "done" and sorted(p.name for p in out.iterdir()) == sorted(NAMES)


def test_a_local_model_writes_one_post_at_a_time(cal, tmp_path):
    stop = threading.Event()
    stop.set()  # look at the plan only
    events = []
    Runner(plan_batch(cal, tmp_path / "posts").batch_id, RunOptions(model="local", concurrency=4),
           on_event=events.append, stop=stop).run()
    assert events[0].concurrency == 1 and "one post at a time (the cores are the limit)" in events[0].mode


def test_every_call_of_a_post_shares_one_system_prompt(cal, tmp_path):
    """The shared prefix a server's prompt cache reuses: the system message is the same in every call."""
    factory = Factory()
    run(plan_batch(cal, tmp_path / "posts").batch_id, factory)
    for backend in factory.made:
        systems = {c.messages[0].content for c in backend.calls if c.messages[0].role == "system"}
        assert len(systems) == 1 and len(backend.calls) > 5


def test_publish_to_hugo_once_and_again_idempotently(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "t"\n')
    cal = tmp_path / "cal.yaml"
    # 110: the fake model writes a ~60-word post (its TL;DR is the topic, no longer "This post is about ...": stop 34),
    # which a 150-word target scores under the length bar, 120 just under
    cal.write_text(f"defaults:\n  words: 110\n  publish: hugo:{site}\nposts:\n  - topic: Home composting basics\n")
    planned = plan_batch(cal, tmp_path / "posts")
    report = run(planned.batch_id, Factory())
    item = report.items[0]
    published = list((site / "content" / "posts").iterdir())
    assert item.passed and len(published) == 1
    assert item.publish == str(site / "content" / "posts" / "home-composting-basics.md") == str(published[0])
    with Store() as store:  # a crash while publishing: the publish may have gone through
        store.db.execute("UPDATE batch_items SET status = 'running', publish = 'started'")
        store.db.execute("UPDATE batches SET owner = NULL")
        store.db.commit()
    factory = Factory()
    report = run(planned.batch_id, factory)
    assert factory.calls == 0 and report.items[0].status == "done"
    assert list((site / "content" / "posts").iterdir()) == published  # the same file again, no second copy
    assert report.items[0].publish == item.publish


def test_a_site_file_the_batch_did_not_write_is_not_published_over(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "t"\n')
    (site / "content" / "posts" / "home-composting-basics.md").write_text("mine\n")
    cal = tmp_path / "cal.yaml"
    cal.write_text("defaults:\n  words: 110\nposts:\n  - topic: Home composting basics\n")
    report = run(plan_batch(cal, tmp_path / "posts").batch_id, Factory(), publish=f"hugo:{site}")
    item = report.items[0]
    assert item.status == "done" and item.publish.startswith("failed: ") and "already exists" in item.publish
    assert (site / "content" / "posts" / "home-composting-basics.md").read_text() == "mine\n"
    assert "not published" in item.error


def test_a_file_made_while_the_post_is_written_is_kept_and_the_post_gets_dash_2(cal, tmp_path):
    """Issue 27 #3: the existence check ran before the model, the save replaced what was there by then."""
    out = tmp_path / "posts"
    out.mkdir()
    factory = Factory()

    def respond(messages, params):
        mine = out / NAMES[0]
        if not mine.exists() and any("Home composting" in m.content for m in messages):
            mine.write_text("the user's own post, made meanwhile\n")
        return default_responder(messages, params)

    factory.respond = respond
    report = run(plan_batch(cal, out).batch_id, factory)
    assert (out / NAMES[0]).read_text() == "the user's own post, made meanwhile\n"
    first = report.items[0]
    assert first.status == "done" and first.path.endswith("2026-12-01-home-composting-basics-2.md")
    assert "Home composting" in (out / "2026-12-01-home-composting-basics-2.md").read_text()


def test_two_calendars_with_one_slug_and_date_into_one_folder_keep_both_posts(tmp_path):
    """Issue 27 #3: two batches at once, one slug and date, one --out: both said "done" with one path."""
    out = tmp_path / "posts"
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text("posts:\n  - topic: Home composting basics\n    date: 2026-12-01\n    slug: compost\n    words: 150\n")
    two.write_text("posts:\n  - topic: Worm farms for flats\n    date: 2026-12-01\n    slug: compost\n    words: 150\n")
    batches = [plan_batch(one, out).batch_id, plan_batch(two, out).batch_id]
    reports: dict[int, object] = {}
    threads = [threading.Thread(target=lambda i=i: reports.__setitem__(i, run(batches[i], Factory(delay=0.002))))
               for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    items = [reports[i].items[0] for i in range(2)]
    done = [i for i in items if i.status == "done"]
    assert len({i.path for i in done}) == len(done)  # never one path for two posts
    for item, word in zip(items, ("compost", "worm"), strict=True):
        if item.status == "done":
            assert word in open(item.path).read().lower()
        else:
            assert "already exists" in item.error
    assert len(list(out.glob("*.md"))) == len(done)


def test_a_stop_does_not_wait_for_a_post_stuck_in_a_long_step(cal, tmp_path):
    """Issue 27 #12: Ctrl-C waited for posts in flight to reach their next event; a step that sends none
    (the checks on a busy machine, a slow server) kept the batch alive for over 60 s."""
    release = threading.Event()
    factory = Factory()

    def stuck(messages, params):
        release.wait(60)  # a model call that takes a minute and sends nothing meanwhile
        return default_responder(messages, params)

    factory.respond = stuck
    runner = Runner(plan_batch(cal, tmp_path / "posts").batch_id, RunOptions(model="fake", concurrency=2),
                    backend_factory=factory)
    runner.stop_grace_s = 1.0
    threading.Timer(0.5, runner.request_stop).start()
    t0 = time.monotonic()
    report = runner.run()
    elapsed = time.monotonic() - t0
    release.set()
    assert elapsed < 10 and report.status == "stopped" and report.abandoned == 2
    with Store() as store:  # the stuck posts stay in the queue: the next run writes them
        counts = Queue(store.db).counts(report.batch_id)
    assert counts["done"] == 0 and counts["pending"] + counts["running"] == 3
