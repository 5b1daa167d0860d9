"""Issue 28, tokens generated per token kept: what the draft stage throws away is not generated, or is
mended without another model call."""

from blogwright.backends.fake import FakeBackend
from blogwright.checks import CheckContext
from blogwright.model.brief import make_brief
from blogwright.pipeline.run import write_post
from blogwright.pipeline.substance import respell, sentence_problems
from blogwright.voices import load_voice

TOPIC = "LLM Ops vs ML Ops"
MANGLED = "Lambda Ops is the practice of running large language models in production for team {n}."
AFTER = "Team {n} checks the answers of its model every week and fixes the prompts that fail."


def _ctx() -> CheckContext:
    return CheckContext.from_brief(make_brief(topic=TOPIC, words=300), None)


def test_a_mangled_key_term_is_respelled_when_it_is_the_only_problem():
    ctx = _ctx()
    s = "Lambda Ops is the practice of running large language models in production."
    assert respell(s, sentence_problems(s, ctx), ctx) == "LLM Ops is the practice of running large language models in production."
    # the model's own expansion may be another term's: not respelled, the fix call decides
    s = "LAMOPS (running machine learning models in production) is a practice."
    assert sentence_problems(s, ctx) and respell(s, sentence_problems(s, ctx), ctx) == ""
    # another problem besides the spelling: not respelled
    s = "Lambda Ops runs on LIMPAC (Limited Machine Learning Platform) servers."
    assert respell(s, sentence_problems(s, ctx), ctx) == ""
    ok = "LLM Ops is the practice of running large language models in production."
    assert respell(ok, sentence_problems(ok, ctx), ctx) == ""


def test_a_weak_model_that_mangles_a_key_term_is_neither_stopped_nor_sent_a_fix_call():
    count = iter(range(10_000))

    def respond(messages, params):
        n = next(count)
        return MANGLED.format(n=n) + " " + " ".join(AFTER.format(n=f"{n}-{k}") for k in range(2))

    fake = FakeBackend(function=respond, weak=True)
    post = write_post(make_brief(topic=TOPIC, words=300), load_voice("plain-expert"), fake)
    body = "\n".join([post.intro, *(s.text for s in post.sections), post.conclusion])
    assert "Lambda Ops" not in body and "LLM Ops is the practice of running large language models" in body
    assert "checks the answers of its model" in body  # what followed the mangled sentence was generated and kept
    assert not any("Rewrite in one plain sentence" in c.prompt for c in fake.calls)
    assert not post.report.substance["cut"]  # respelled while drafting (`substance.respell_text`): nothing left to repair


def test_a_weak_model_is_given_the_angle_after_the_point():
    fake = FakeBackend(weak=True)
    write_post(make_brief(topic="home composting", words=600), load_voice("plain-expert"), fake)
    prompts = [c.prompt for c in fake.calls if "Explain in" in c.prompt]
    assert any(", with one concrete example." in p for p in prompts)
    assert not any("a concrete example of" in p for p in prompts)


def test_a_made_up_term_before_a_key_terms_expansion_is_named_by_it():
    ctx = _ctx()
    s = ("The key difference is that LIMPLEXOUS (running large language models in production) has other duties, "
         "while ML Ops focuses on machine learning models.")
    assert respell(s, sentence_problems(s, ctx), ctx).startswith(
        "The key difference is that LLM Ops (running large language models in production) has")
    # no expansion after it, or one that is no key term's: nothing says which term was meant
    for s in ("LIMPLEXOUS has a different set of duties than ML Ops.",
              "LIMPLEXOUS (running big servers in production) has a different set of duties."):
        assert sentence_problems(s, ctx) and respell(s, sentence_problems(s, ctx), ctx) == ""


def test_a_weak_model_gets_no_fix_call_a_failing_sentence_is_cut():
    count = iter(range(10_000))

    def respond(messages, params):
        n = next(count)
        return (MANGLED.format(n=n).replace("Lambda", "LLM") + " " + AFTER.format(n=n)
                + f" Look no further than LVM or ML-LIMPAC, team {n}!")

    for weak in (True, False):
        fake = FakeBackend(function=respond, weak=weak)
        post = write_post(make_brief(topic=TOPIC, words=300), load_voice("plain-expert"), fake)
        fixes = [c for c in fake.calls if "Rewrite in one plain sentence" in c.prompt]
        assert bool(fixes) is not weak
        assert "LIMPAC" not in "\n".join(post.prose())
        if weak:
            assert post.report.substance["cut"] and not post.report.substance["repaired"]


class _Pieces(FakeBackend):
    """A fake whose tokenizer spells an acronym's head as the bundled model does ("LLM" -> "LL" "M")."""

    def pieces(self, text: str) -> list[str]:
        out: list[str] = []
        for i, word in enumerate(text.split(" ")):
            lead = " " if i else ""
            if word.startswith("(") or not word:
                out.append(lead + word)
            elif word[:2].isupper() and len(word) > 1:
                out += [lead + word[:2], *word[2:]]  # "LLM" -> "LL" "M", "ML" -> "ML"
            else:
                out += [lead + word[0], *([word[1:]] if word[1:] else [])]
        return out


def test_a_weak_model_is_kept_from_the_bare_first_letter_of_a_key_acronym():
    from blogwright.pipeline.context import RunContext
    from blogwright.pipeline.draft import mangle_guard
    from blogwright.store import Store

    def guard(topic: str, **kw) -> tuple:
        ctx = RunContext(brief=make_brief(topic=topic, words=300), voice=load_voice("plain-expert"),
                         backend=_Pieces(**kw), store=Store(None), run_id="t")
        return mangle_guard(ctx)

    # "LLM" starts with "LL": its bare "L" starts only mangles; "ML" is one piece, "M" is LLM's second piece
    assert guard(TOPIC, weak=True, supports_word_bias=True) == (("L", -100.0),)
    # a topic word that starts with the bare letter ("Lists" -> "L" "ists") keeps it
    assert guard("LLM Ops Lists", weak=True, supports_word_bias=True) == ()
    assert guard(TOPIC, weak=False, supports_word_bias=True) == ()  # a strong model is not steered
    assert guard(TOPIC, weak=True) == ()  # a backend that cannot bias
    fake = _Pieces(weak=True, supports_word_bias=True)
    write_post(make_brief(topic=TOPIC, words=300), load_voice("plain-expert"), fake)
    drafts = [c for c in fake.calls if "Explain in" in c.prompt]
    assert drafts and all(c.params.piece_bias == (("L", -100.0),) for c in drafts)


def test_the_guard_is_worked_out_once_per_run():
    """Stop 33: `mangle_guard` tokenized the key terms and topic words on every paragraph call."""
    from blogwright.pipeline.context import RunContext
    from blogwright.pipeline.draft import mangle_guard
    from blogwright.store import Store

    backend = _Pieces(weak=True, supports_word_bias=True)
    asked: list[str] = []
    real = backend.pieces
    backend.pieces = lambda text: (asked.append(text), real(text))[1]  # type: ignore[method-assign]
    ctx = RunContext(brief=make_brief(topic=TOPIC, words=300), voice=load_voice("plain-expert"),
                     backend=backend, store=Store(None), run_id="t")
    first = mangle_guard(ctx)
    n = len(asked)
    assert first == (("L", -100.0),) and n > 0
    assert mangle_guard(ctx) == first and len(asked) == n
