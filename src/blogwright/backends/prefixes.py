"""Prompt prefixes kept across model calls (issue 28; written at stop 33, kept since stop 34).

llama-cpp-python reuses the KV cache of the longest common start of a prompt and the previous call's tokens,
so a prompt is recomputed from where it leaves the one before. A post's calls come back to earlier starts:
the wrap-up's prompt opens as the intro's does (the system prompt and every key term's definition), but
comes after sections whose prompts carry one definition each, so it was recomputed from the system
prompt on (99 of its 130 tokens on a 300-word post). `PrefixKeeper` keeps the cache of up to `keep`
earlier prompts (a llama.cpp sequence's state, ~23 KB a token on the bundled model: ~3 MB a prompt) and
puts one back before a prompt that starts as it does for `min_gain` tokens more than with what the cache
holds. Which tokens are computed changes, not their values: the texts are the same (tested on the model).

The keeper only decides; `save(n)` (the cache's first n tokens, as an opaque state) and
`restore(state, tokens)` are given by the backend (`backends.local.keep_prefixes`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# prompts kept: 1, the longest start so far (the intro's: every definition); ~3 MB on the bundled model
# (two kept cost 8 MiB of peak RSS on a 600-word post, against the 400 MiB bar). Dropped at stop 33 for its
# ~6 MiB; back at stop 34, when the fixed costs' work (fixed34) had taken ~30 MiB off a write's peak.
KEEP = 1
MIN_GAIN = 8  # tokens a saved prompt must spare over the cache as it is (a restore is ~1 ms, ~1 prompt token)
# tokens of its prompt a new prompt must drop from the cache for it to be saved: a section's next paragraph
# drops 9-13 (its angle), a new section 50-90 (its definitions); only those come back
SAVE_GAIN = 24


def common(a: Sequence[int], b: Sequence[int]) -> int:
    """The length of the longest common start of two token lists."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


@dataclass
class Saved:
    tokens: list[int]
    state: Any
    used: int  # when it was saved or last put back (a call count)


class PrefixKeeper:
    def __init__(self, save: Callable[[int], Any], restore: Callable[[Any, list[int]], bool],
                 keep: int = KEEP, min_gain: int = MIN_GAIN, save_gain: int = SAVE_GAIN):
        self.save, self.restore, self.keep, self.min_gain, self.save_gain = save, restore, keep, min_gain, save_gain
        self.saved: list[Saved] = []
        self.prompt = 0  # the length of the prompt the cache's tokens started with (the rest is its answer)
        self.calls = 0
        self.restored = 0  # prompts put back, for the log and the tests
        self.reused: int | None = None  # the prompt tokens the last `before` left in the cache

    def before(self, held: Sequence[int], prompt: Sequence[int]) -> int:
        """Called before `prompt` is evaluated, with the tokens the cache `held` now. Saves what the cache
        holds when `prompt` would drop `min_gain` or more of its prompt tokens, puts back a saved prompt that
        starts as `prompt` does for longer, and returns the prompt tokens the cache then holds (at most all
        but the last: llama-cpp-python evaluates that one again for fresh logits)."""
        self.calls += 1
        held = list(held)
        cur = common(held, prompt)
        last = min(self.prompt, len(held))
        best = max(self.saved, key=lambda s: common(s.tokens, prompt), default=None)
        if best is not None and common(best.tokens, prompt) < cur + self.min_gain:
            best = None  # not worth putting back
        if last - cur >= self.save_gain:
            self._keep(held[:last], best)
        if best is not None and self.restore(best.state, best.tokens):
            cur = common(best.tokens, prompt)
            best.used = self.calls
            self.restored += 1
        self.prompt = len(prompt)
        return max(0, min(cur, len(prompt) - 1))

    def _keep(self, tokens: list[int], wanted: Saved | None) -> None:
        """Save the cache's `tokens`, unless a saved prompt starts as they do; the shortest saved prompt
        (the least recently used of those) makes room, never `wanted`, the one about to be put back. The
        intro's prompt, the longest start (every definition), stays for the sections and the wrap-up."""
        for s in self.saved:
            if common(s.tokens, tokens) >= len(tokens) - self.min_gain:  # already kept, near enough
                s.used = self.calls
                return
        if len(self.saved) >= self.keep:
            others = [s for s in self.saved if s is not wanted]
            if not others:
                return
            shortest = min(others, key=lambda s: (len(s.tokens), s.used))
            if len(shortest.tokens) > len(tokens):
                return  # every kept prompt is longer: this one is not kept
            self.saved.remove(shortest)
        state = self.save(len(tokens))
        if state is not None:
            self.saved.append(Saved(tokens, state, self.calls))
