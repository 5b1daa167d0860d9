"""The thread governor (issue 28): decode on the thread count that is measured faster, and keep checking."""

from blogwright.backends import threads
from blogwright.backends.threads import ThreadGovernor


def _run(gov: ThreadGovernor, speed: dict[int, float], n_tokens: int) -> list[int]:
    used = []
    for _ in range(n_tokens):
        used.append(gov.n)
        gov.token(speed[gov.n])
    return used


def test_busy_machine_stays_on_one_thread_and_a_try_of_two_ends_at_its_first_slow_token():
    applied: list[int] = []
    gov = ThreadGovernor((1, 2), start=1, apply=applied.append)
    used = _run(gov, {1: 0.03, 2: 0.4}, 2000)  # 2 threads beside busy processes: ten times slower
    assert used.count(2) <= 6  # each try is one token, and tries get rarer (64, 128, 256, 512, 1024 tokens)
    assert gov.n == 1 and gov.summary()["tokens"][2] == used.count(2)
    assert applied[0] == 1 and set(applied) == {1, 2}


def test_idle_machine_moves_to_two_threads_after_one_try():
    gov = ThreadGovernor((1, 2), start=1, apply=lambda n: None)
    used = _run(gov, {1: 0.018, 2: 0.009}, 400)
    assert used[:threads.PROBE_EVERY] == [1] * threads.PROBE_EVERY
    assert used[threads.PROBE_EVERY] == 2 and used[-100:] == [2] * 100
    assert used.count(1) < threads.PROBE_EVERY + 3 * threads.PROBE_TOKENS


def test_load_arriving_midway_sends_it_back_to_one_thread():
    gov = ThreadGovernor((1, 2), start=2, apply=lambda n: None)
    assert _run(gov, {1: 0.018, 2: 0.009}, 200).count(2) >= 185
    used = _run(gov, {1: 0.03, 2: 0.4}, 200)  # another process takes a core
    assert used.count(2) <= 3 and gov.n == 1


def test_one_choice_never_switches():
    gov = ThreadGovernor((1,), start=2, apply=lambda n: None)
    assert _run(gov, {1: 0.01}, 300) == [1] * 300


def test_thread_choices_and_the_fixed_count(monkeypatch):
    from blogwright.backends import local

    monkeypatch.delenv("BLOGWRIGHT_THREADS", raising=False)
    monkeypatch.setattr(local.os, "cpu_count", lambda: 2)
    assert local.thread_choices() == (1, 2)
    monkeypatch.setattr(local.os, "getloadavg", lambda: (0.1, 0.1, 0.1))
    assert local.default_threads() == 2
    monkeypatch.setattr(local.os, "getloadavg", lambda: (3.0, 3.0, 3.0))
    assert local.default_threads() == 1
    monkeypatch.setenv("BLOGWRIGHT_THREADS", "2")
    assert local.thread_choices() == (2,) and local.default_threads() == 2


def test_no_try_of_more_threads_than_there_are_free_cores():
    gov = ThreadGovernor((1, 2), start=1, apply=lambda n: None, room=lambda n, current: n <= current)
    assert _run(gov, {1: 0.03, 2: 0.4}, 1000).count(2) == 0


def test_room_reads_the_load_average(monkeypatch):
    from blogwright.backends import local

    monkeypatch.setattr(local.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(local.os, "getloadavg", lambda: (1.2, 1.0, 1.0))  # this process on 1 thread, little else
    assert local.room(2, 1)
    monkeypatch.setattr(local.os, "getloadavg", lambda: (3.0, 3.0, 3.0))  # two other busy processes
    assert not local.room(2, 1) and local.room(1, 1)
