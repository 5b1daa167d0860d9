"""Issue 28, stop 33: `PrefixKeeper` keeps earlier prompts' KV cache and puts one back before a prompt that
starts as it does (the wrap-up's prompt opens as the intro's, with sections' prompts between)."""

from __future__ import annotations

from blogwright.backends.prefixes import PrefixKeeper, common


class Cache:
    """A KV cache as the keeper sees it: its tokens; `save` and `restore` as the local backend gives them."""

    def __init__(self) -> None:
        self.tokens: list[int] = []
        self.saves: list[int] = []

    def save(self, n: int) -> list[int]:
        self.tokens = self.tokens[:n]
        self.saves.append(n)
        return list(self.tokens)

    def restore(self, state: list[int], tokens: list[int]) -> bool:
        assert state == tokens
        self.tokens = list(state)
        return True

    def run(self, keeper: PrefixKeeper, prompt: list[int], answer: int = 5) -> int:
        """One call: the keeper first, then the prompt evaluated from what the cache holds, then an answer."""
        reused = keeper.before(self.tokens, prompt)
        assert self.tokens[:reused] == prompt[:reused]
        self.tokens = list(prompt) + [900 + i for i in range(answer)]
        return len(prompt) - reused  # prompt tokens computed


SYSTEM = list(range(30))
BOTH = list(range(100, 150))  # both definitions
ONE = list(range(200, 225))  # one definition


def test_the_wrap_up_reuses_the_intros_start_after_other_sections():
    cache = Cache()
    keeper = PrefixKeeper(cache.save, cache.restore)
    intro = SYSTEM + BOTH + [1, 2, 3, 4, 5]
    section = SYSTEM + ONE + [6, 7, 8]
    wrap_up = SYSTEM + BOTH + [9, 10, 11, 12]
    assert cache.run(keeper, intro) == len(intro)
    assert cache.run(keeper, section) == len(ONE) + 3
    assert cache.run(keeper, section[:-1] + [99]) == 1  # the next paragraph of the section: as before
    computed = cache.run(keeper, wrap_up)
    assert computed == 4 and keeper.restored == 1  # without the keeper: BOTH and the 4 (54 tokens)


def test_a_prompt_that_shares_little_more_is_not_put_back_and_the_last_token_is_always_evaluated():
    cache = Cache()
    keeper = PrefixKeeper(cache.save, cache.restore, min_gain=8)
    first = SYSTEM + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    cache.run(keeper, first)
    cache.run(keeper, SYSTEM + [50] * 20)
    assert cache.run(keeper, SYSTEM + [1, 2, 3, 77]) == 4 and keeper.restored == 0  # 3 tokens more: not worth it
    assert keeper.before(cache.tokens[:len(cache.tokens) - 4], cache.tokens[:len(cache.tokens) - 4]) == \
        len(cache.tokens) - 5  # the whole prompt cached: its last token is evaluated again


def test_at_most_keep_prompts_are_kept_the_shortest_goes_and_a_small_change_saves_nothing():
    cache = Cache()
    keeper = PrefixKeeper(cache.save, cache.restore, keep=2)
    prompts = [SYSTEM + [k] * n for k, n in ((1, 40), (2, 25), (3, 30), (4, 30))]
    for p in prompts:
        cache.run(keeper, p)
    assert len(keeper.saved) == 2 and [s.tokens[-1] for s in keeper.saved] == [1, 3]
    assert common(keeper.saved[0].tokens, prompts[0]) == len(prompts[0])
    saves = len(cache.saves)
    cache.run(keeper, prompts[3][:-10] + [5] * 10)  # the next paragraph of a section: 10 tokens dropped
    assert len(cache.saves) == saves


def test_the_prompt_about_to_be_put_back_is_not_the_one_that_makes_room():
    """A section with both definitions after two one-definition sections: the intro's prompt is the one it
    needs, and the least recently used one when the second section's prompt is saved."""
    cache = Cache()
    keeper = PrefixKeeper(cache.save, cache.restore, keep=2)
    intro = SYSTEM + BOTH + [1, 2]
    cache.run(keeper, intro)
    cache.run(keeper, SYSTEM + ONE + [3])
    cache.run(keeper, SYSTEM + [7] * 25 + [4])
    assert cache.run(keeper, SYSTEM + BOTH + [5, 6]) == 2 and keeper.restored == 1
