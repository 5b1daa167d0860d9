"""Batches against a real OpenAI-compatible server on 127.0.0.1 (bench/fake_openai.py: real HTTP,
a fixed latency, 429 with Retry-After and 500s when asked): every post done exactly once, the
limiter respected, posts in flight together, and the outline asked for as JSON."""

from __future__ import annotations

import time

import pytest
from bench.fake_openai import FakeOpenAI

from blogwright.batch import ItemFinished, Runner, RunOptions, plan_batch
from blogwright.store import Store


def calendar(tmp_path, n: int, words: int = 100):
    path = tmp_path / "cal.csv"
    path.write_text("topic,words\n" + "".join(f"Garden topic number {i} explained,{words}\n" for i in range(n)))
    return path


def run(tmp_path, server, n, out="posts", words=100, **opts):
    planned = plan_batch(calendar(tmp_path, n, words), tmp_path / out)
    events = []
    t0 = time.perf_counter()
    report = Runner(planned.batch_id, RunOptions(model="openai:fake", base_url=server.url, **opts),
                    on_event=events.append).run()
    return report, events, time.perf_counter() - t0


def assert_each_post_once(tmp_path, report, n, out="posts"):
    assert report.status == "done" and report.counts.done == n
    files = sorted(p.name for p in (tmp_path / out).iterdir())
    assert len(files) == n == len(set(files))
    with Store() as store:
        done = [r for r in store.runs(200) if r["status"] == "done" and r["output_path"].startswith(str(tmp_path / out))]
    assert len(done) == n


@pytest.mark.timeout(120)
def test_429_and_500s_every_post_done_once_and_waits_logged(tmp_path):
    with FakeOpenAI(latency=0.02, first_429=3, retry_after=0.3, p500=0.05, seed=3) as server:
        report, events, _ = run(tmp_path, server, 6, concurrency=3)
        stats = server.stats()
    assert_each_post_once(tmp_path, report, 6)
    assert stats["429"] == 3 and stats["500"] >= 1 and 2 <= stats["max_inflight"] <= 3
    assert report.throttled == 3 and report.retries == stats["429"] + stats["500"]
    notes = [e.text for e in events if e.kind == "note"]
    assert sum("HTTP 429" in t and "Retry-After" in t for t in notes) == 3
    assert all(i.tokens_in > 0 and i.tokens_out > 0 for i in report.items)  # the server's own usage counts


@pytest.mark.timeout(120)
def test_requests_per_minute_are_respected(tmp_path):
    with FakeOpenAI(latency=0.0) as server:
        report, _, _ = run(tmp_path, server, 2, concurrency=2, rpm=300)  # 5 a second, a bucket of 5
        starts = sorted(r["start"] for r in server.log)
    assert_each_post_once(tmp_path, report, 2)
    assert len(starts) >= 12
    for i, t in enumerate(starts):  # in any one-second window: the bucket (5) plus what refills (5)
        assert sum(1 for s in starts[i:] if s - t < 1.0) <= 10
    assert starts[-1] - starts[0] >= (len(starts) - 5) / 5 - 0.3


@pytest.mark.timeout(180)
def test_more_posts_in_flight_finish_sooner(tmp_path):
    with FakeOpenAI(latency=0.25) as server:
        one, events, t1 = run(tmp_path, server, 4, out="c1", concurrency=1)
        assert server.max_inflight == 1
        four, _, t4 = run(tmp_path, server, 4, out="c4", concurrency=4)
        assert server.max_inflight >= 3
    assert_each_post_once(tmp_path, one, 4, "c1") or assert_each_post_once(tmp_path, four, 4, "c4")
    assert t4 < t1 / 1.8, (t1, t4)
    assert events[0].mode == "1 post at a time on openai:fake"
    assert [e.counts.done for e in events if isinstance(e, ItemFinished)] == [1, 2, 3, 4]


@pytest.mark.timeout(120)
def test_outline_asked_as_json_schema_and_a_server_without_it_gets_text(tmp_path):
    with FakeOpenAI() as server:
        report, _, _ = run(tmp_path, server, 1, out="a", words=400)  # long enough to have a planned outline
        with_schema = [r for r in server.log if r["response_format"]]
        systems = [r["system"] for r in server.log]
    assert report.counts.done == 1 and len(with_schema) >= 1 and all(r["status"] == 200 for r in with_schema)
    # one post, one system prompt (the prefix a server's cache reuses); only the TL;DR call goes without it
    assert len(set(systems) - {None}) == 1 and systems.count(None) <= 1
    with FakeOpenAI(json_schema=False) as server:
        report, _, _ = run(tmp_path, server, 2, out="b", words=400, concurrency=2)
        stats = server.stats()
        retried = [r for r in server.log if not r["response_format"]]
    assert report.counts.done == 2 and 1 <= stats["400"] <= 2 and len(retried) == stats["ok"]
