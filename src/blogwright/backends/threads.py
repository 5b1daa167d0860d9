"""How many threads llama.cpp decodes on, chosen from measured speed, token by token (issue 28).

llama.cpp's threads spin-wait for each other at every token: on 2 idle cores 2 threads decode the
bundled model about twice as fast as 1, but when another busy process holds a core, 2 threads fall to a
tenth of 1 thread's speed (measured on this machine, 2026-12-04, load 8.7: 1 thread 19-33 tokens/s,
2 threads 1.4-2.4). Neither fixed number is right, and the load changes while a post is written, so
`ThreadGovernor` times every decoded token, keeps an average per thread count, tries the other count
for a few tokens now and then (giving up on the first token that is far slower), and decodes on the
faster one. A try of more threads than the machine has free cores (by the load average) is not made:
one such token took 0.8-2.3 s at load 9.
"""

from __future__ import annotations

from collections.abc import Callable

ALPHA = 0.25  # weight of the newest token in the running average of a thread count's latency
PROBE_EVERY = 64  # tokens between tries of the other thread count (doubled after each failed try, to 1024)
PROBE_TOKENS = 6  # tokens a try lasts
GIVE_UP = 2.5  # a try ends at once when one of its tokens takes this many times the best average
SWITCH = 1.5  # outside a try: move when the current count is this much slower than another's average


class ThreadGovernor:
    """Chooses among `choices` (e.g. (1, 2)) the thread count with the lowest token latency.
    `apply(n)` sets it on the model (llama_set_n_threads). Call `token(seconds)` after each decoded
    token of a call (not the first, which includes the prompt's prefill)."""

    def __init__(self, choices: tuple[int, ...], start: int, apply: Callable[[int], None],
                 room: Callable[[int, int], bool] = lambda n, current: True):
        self.choices = tuple(sorted(set(choices)))
        self.apply = apply
        self.room = room  # room(n, current): whether n threads could have their cores now (a try is worth it)
        self.latency: dict[int, float | None] = dict.fromkeys(self.choices)
        self.n = start if start in self.choices else self.choices[0]
        self.since_probe = 0
        self.interval = PROBE_EVERY
        self.probe_left = 0
        self.back_to = self.n
        self.tokens: dict[int, int] = dict.fromkeys(self.choices, 0)
        self.apply(self.n)

    def _set(self, n: int) -> None:
        if n != self.n:
            self.n = n
            self.apply(n)

    def _best(self) -> int:
        known = {n: v for n, v in self.latency.items() if v is not None}
        return min(known, key=known.__getitem__) if known else self.n

    def token(self, seconds: float) -> None:
        n = self.n
        old = self.latency[n]
        self.latency[n] = seconds if old is None else (1 - ALPHA) * old + ALPHA * seconds
        self.tokens[n] += 1
        if len(self.choices) < 2:
            return
        if self.probe_left:
            others = [v for k, v in self.latency.items() if k != n and v is not None]
            self.probe_left -= 1
            if others and seconds > GIVE_UP * min(others):
                self.latency[n] = max(self.latency[n] or 0.0, seconds)  # remember it as slow
                self.probe_left = 0
                self.interval = min(2 * self.interval, 1024)
                self._set(self.back_to)
            elif not self.probe_left:
                best = self._best()
                self.interval = PROBE_EVERY if best != self.back_to else min(2 * self.interval, 1024)
                self._set(best)
            return
        self.since_probe += 1
        best = self._best()
        if best != n and (self.latency[n] or 0.0) > SWITCH * (self.latency[best] or 0.0):
            self._set(best)
        elif self.since_probe >= self.interval:
            self.since_probe = 0
            other = min((k for k in self.choices if k != n), key=lambda k: self.tokens[k])
            if not self.room(other, n):  # e.g. more threads than free cores: the spin-wait trap, not worth a token
                return
            self.back_to, self.probe_left = n, PROBE_TOKENS
            self.latency[other] = None  # measure it afresh
            self._set(other)

    def summary(self) -> dict[str, object]:
        """Tokens decoded per thread count, the latest averages (ms per token) and the current count."""
        return {"threads": self.n, "tokens": dict(self.tokens),
                "ms_per_token": {n: round(1000 * v, 2) for n, v in self.latency.items() if v is not None}}
