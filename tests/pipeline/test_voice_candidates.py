"""A paragraph in a learned voice: two drafts that pass the same checks, the one nearer the voice by the
voice score kept (issue 24); built-in voices and paragraphs on a fact take one draft (fake backend)."""

from pathlib import Path

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.pipeline import draft
from blogwright.pipeline.context import RunContext
from blogwright.store import Store
from blogwright.voices import load_voice
from blogwright.voices.learn import learn_voice
from blogwright.voices.score import voice_distance

DATA = Path(__file__).parents[1] / "voices" / "data"
TOPIC = "shipping a small app with Docker"
FORMAL = ("Docker, which packages an application together with its dependencies into a portable image, "
          "provides a consistent environment across development, testing and production systems, thereby "
          "reducing the considerable operational burden associated with configuration differences.")
CASUAL = ("look, docker keeps your app the same everywhere. you build it once. you ship it. "
          "nobody will ask why it broke on the server (trust me). docker just runs it.")


def _ctx(voice: str, replies: list[str]) -> tuple[RunContext, FakeBackend]:
    backend = FakeBackend(responses=replies, weak=True)
    return RunContext(brief=make_brief(topic=TOPIC, words=300), voice=load_voice(voice), backend=backend,
                      store=Store(None), run_id="t"), backend


def _paragraph(ctx: RunContext, seen: set[str], **context) -> str:
    return draft.paragraph(ctx, "section", ("section", 0, 0, 0), 60, (TOPIC, "Docker"), seen, tries=1,
                           point="why Docker helps a small app", fact="", fix=[], instruction="", definitions=[], **context)


def test_a_learned_voice_keeps_the_draft_nearer_the_voice_whichever_comes_first(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    learn_voice([DATA / "lowercase-k"], "lowk")
    for replies in ([FORMAL, CASUAL], [CASUAL, FORMAL]):
        ctx, backend = _ctx("lowk", replies)
        profile, ref = ctx.voice_model()
        assert voice_distance(CASUAL, profile, ref) < voice_distance(FORMAL, profile, ref)
        seen: set[str] = set()
        text = _paragraph(ctx, seen)
        assert len(backend.calls) == 2 and text.startswith("look, docker")
        # the two drafts had different seeds, and only the kept one's sentences are remembered
        assert backend.calls[0].params.seed != backend.calls[1].params.seed
        assert any("nobody will ask" in s for s in seen) and not any("thereby" in s for s in seen)


def test_a_builtin_voice_and_a_paragraph_on_a_fact_take_one_draft(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    ctx, backend = _ctx("plain-expert", [FORMAL, CASUAL])
    assert _paragraph(ctx, set()).startswith("Docker, which") and len(backend.calls) == 1
    learn_voice([DATA / "lowercase-k"], "lowk")
    ctx, backend = _ctx("lowk", [FORMAL, CASUAL])
    fact = "Docker packages an application with its dependencies."
    draft.paragraph(ctx, "fact", ("section", 0, 0, 0), 60, (TOPIC, "Docker", fact), set(), tries=1, min_words=5,
                    point="why Docker helps", fact=fact, fix=[], instruction="", definitions=[])
    assert len(backend.calls) == 1


def test_a_learned_voice_whose_drafts_all_fail_gives_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    learn_voice([DATA / "lowercase-k"], "lowk")
    ctx, backend = _ctx("lowk", ["Bananas."])  # too short and off topic, both times
    seen: set[str] = set()
    assert _paragraph(ctx, seen) == "" and len(backend.calls) == 2 and not seen


def test_a_draft_with_one_word_fragments_is_not_kept_for_its_short_sentences(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    learn_voice([DATA / "lowercase-k"], "lowk")
    debris = "look, docker keeps your app the same. 2. 3. 4. 5. 6. you ship it. it runs. nobody asks why."
    plain = ("docker keeps your app the same on every machine you own, so you build the image once and then "
             "you ship it to every server without a second thought.")
    ctx, backend = _ctx("lowk", [debris, plain])
    profile, ref = ctx.voice_model()
    assert voice_distance(debris, profile, ref) < voice_distance(plain, profile, ref)  # the score alone keeps debris
    assert draft.fragments(debris) and not draft.fragments(plain)
    assert _paragraph(ctx, set()).startswith("docker keeps your app the same on every")


def test_a_draft_that_is_all_code_is_not_kept_and_does_not_stop_the_post(tmp_path, monkeypatch):
    """The bundled model once drafted an unclosed code fence for a paragraph ("```javascript // Create ...");
    scoring it raised "nothing to score" and `write` stopped with exit code 2."""
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    learn_voice([DATA / "lowercase-k"], "lowk")
    code = ("```javascript // Create an empty Docker file that doesn't exist yet, but you can create it if needed "
            "const app = new App(); // This is the first step in shipping a small app with Docker!")
    for replies in ([code, CASUAL], [CASUAL, code]):
        ctx, backend = _ctx("lowk", replies)
        assert _paragraph(ctx, set()).startswith("look, docker") and len(backend.calls) == 2


def test_a_section_candidate_with_no_prose_loses_and_does_not_stop_the_post(tmp_path, monkeypatch):
    """`--candidates 2`: `review.best_section` scored each candidate section by the voice score, which raised "nothing
    to score" for a section that was all code (the same crash `draft.prose_distance` mends for paragraph drafts)."""
    from blogwright.model.post import Section
    from blogwright.pipeline import review
    from blogwright.pipeline.outline_from_brief import make_outline

    monkeypatch.setenv("BLOGWRIGHT_HOME", str(tmp_path))
    learn_voice([DATA / "lowercase-k"], "lowk")
    texts = iter(["```javascript\nconst app = new App();\n```", CASUAL])

    def draft_section(ctx, outline, index, seen, fix=None, variant=0, instruction=""):
        return Section(heading=outline.sections[index].heading, point=outline.sections[index].point, text=next(texts))

    monkeypatch.setattr(review, "draft_section", draft_section)
    ctx, _ = _ctx("lowk", [])
    section = review.best_section(ctx, make_outline(ctx), 0, set(), candidates=2, repairs=0)
    assert section.text == CASUAL
