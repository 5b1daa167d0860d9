"""The shared limiter: token buckets on a fake clock, rpm/tpm budgets, the pause a 429 causes, and
the backend wrapper that asks before each call."""

from __future__ import annotations

import threading

import pytest

from blogwright.backends.base import GenParams, Message
from blogwright.backends.fake import FakeBackend
from blogwright.batch import LimitedBackend, Limiter, TokenBucket


class Clock:
    def __init__(self):
        self.t = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.sleeps.append(s)
        self.t += s


def test_bucket_refills_at_its_rate_up_to_capacity():
    clock = Clock()
    bucket = TokenBucket(rate=2.0, capacity=4, clock=clock)
    assert [bucket.try_take(1) for _ in range(4)] == [0.0] * 4
    assert bucket.try_take(1) == pytest.approx(0.5)
    clock.t += 10
    assert bucket.wait_time(4) == 0.0 and bucket.wait_time(40) == 0.0  # more than the capacity waits for a full bucket
    bucket.settle(6)  # used more than estimated: the balance goes below zero
    assert bucket.wait_time(1) == pytest.approx(1.5)


def test_rpm_limit_spaces_requests():
    clock = Clock()
    limiter = Limiter(rpm=120, clock=clock, sleep=clock.sleep)  # 2 a second, a bucket of 2
    for _ in range(10):
        limiter.acquire()
    assert clock.t == pytest.approx(4.0, abs=0.6)  # 2 at once, then one every 0.5 s
    assert limiter.stats.requests == 10 and limiter.stats.waits == 8


def test_tpm_limit_counts_estimated_then_used_tokens():
    clock = Clock()
    limiter = Limiter(tpm=60 * 1000, clock=clock, sleep=clock.sleep)  # 1000 tokens a second, a bucket of 1000
    limiter.acquire(4000)  # more than the bucket: it goes when the bucket is full, and leaves a debt of 3000
    assert clock.t == 0
    limiter.settle(4000, 6000)  # the server says it was 6000: a debt of 5000
    limiter.acquire(1000)
    assert clock.t == pytest.approx(6.0, abs=0.05)
    assert limiter.describe() == "60000 tokens/min"


def test_a_429_pauses_everyone_and_is_logged():
    clock = Clock()
    lines = []
    limiter = Limiter(clock=clock, sleep=clock.sleep, on_wait=lines.append)
    limiter.on_retry(1, "HTTP 429: slow down", 3.0)
    limiter.acquire()
    assert clock.t == pytest.approx(3.0) and limiter.stats.throttled == 1 and limiter.stats.waits == 1
    limiter.on_retry(1, "HTTP 503: busy", None)  # a 5xx: the backend backs off; nobody else waits
    t = clock.t
    limiter.acquire()
    assert clock.t == t and limiter.stats.retries == 2
    assert "waiting 3.0 s (Retry-After)" in lines[0] and limiter.describe() == "no rate limit"


def test_waiting_gives_up_when_the_batch_stops():
    clock = Clock()
    limiter = Limiter(clock=clock, sleep=clock.sleep)
    limiter.pause(60)
    stop = threading.Event()

    def check():
        if clock.t > 2:
            stop.set()
            raise RuntimeError("stopping")

    with pytest.raises(RuntimeError):
        limiter.acquire(0, check)
    assert clock.t < 4


def test_limited_backend_forwards_and_settles():
    clock = Clock()
    limiter = Limiter(rpm=60, tpm=600_000, clock=clock, sleep=clock.sleep)
    inner = FakeBackend(responses=["one two three"])
    inner.weak = True  # type: ignore[attr-defined]
    backend = LimitedBackend(inner, limiter)
    assert backend.name == "fake" and backend.model == "fake-model" and backend.weak is True
    msgs = [Message("user", "say something " * 10)]
    assert backend.complete(msgs, GenParams(max_tokens=50)).text == "one two three"
    stream = backend.stream(msgs, GenParams(max_tokens=50))
    assert "".join(stream) == "one two three" and stream.completion.completion_tokens == 3
    assert limiter.stats.requests == 2
    backend.close()
    assert inner.closed == 1
