"""The top-up refuses a paragraph that restates the post (the bundled model's one frame per paragraph
was most of what failed the repetition gate of `make post`) and asks the next one from another angle."""

from blogwright.backends.fake import FakeBackend
from blogwright.checks.repetition import rep_n
from blogwright.model.brief import make_brief
from blogwright.model.post import Outline, Post, Section, SectionPlan
from blogwright.pipeline import fill
from blogwright.pipeline.context import RunContext
from blogwright.render import to_markdown
from blogwright.store import Store
from blogwright.text.sentences import split_sentences
from blogwright.text.tokens import key
from blogwright.voices import load_voice

TOPIC = "LLM Ops vs ML Ops"
FRAME = "LLM Ops is the practice of running large language models in production"
RESTATED = (f"Put simply, {FRAME}, while ML Ops is the practice of running machine learning models in production. "
            f"In short, {FRAME} every day.")
FRESH = ("Evaluations on saved answers replace unit tests for prompts, and teams rerun them whenever the model "
         "or the prompt changes. A cache of common answers keeps the token bill down for busy LLM Ops teams.")


def _setup(responses: list[str]) -> tuple[RunContext, FakeBackend, Post, Outline]:
    fake = FakeBackend(responses=responses)
    ctx = RunContext(brief=make_brief(topic=TOPIC, words=200), voice=load_voice("plain-expert"), backend=fake,
                     store=Store(None), run_id="t")
    outline = Outline(title="LLM Ops vs ML Ops", intro_words=20, conclusion_words=20, origin="template",
                      sections=[SectionPlan(heading="What LLM Ops Is", point="what LLM Ops is", words=60),
                                SectionPlan(heading="What ML Ops Is", point="what ML Ops is", words=60)])
    post = Post(title=outline.title, topic=TOPIC, intro="Two names, one job each. Let's sort them out.",
                sections=[Section(heading="What LLM Ops Is", point="what LLM Ops is",
                                  text=f"{FRAME}. It keeps chat assistants fast for real users."),
                          Section(heading="What ML Ops Is", point="what ML Ops is",
                                  text="ML Ops trains and ships classic models. Their inputs drift slowly over months.")],
                conclusion="Know which models you run. Class dismissed.", summary="LLM Ops runs big models.")
    return ctx, fake, post, outline


def _seen(post: Post) -> set[str]:
    """What the run's `seen` holds by then: the keys of the post's sentences."""
    return {key(s) for p in _body(post).split("\n\n") for s in split_sentences(p)}


def _body(post: Post) -> str:
    return "\n\n".join([post.intro, *(s.text for s in post.sections), post.conclusion])


def test_a_restating_paragraph_is_refused_and_a_fresh_one_kept():
    ctx, fake, post, outline = _setup([RESTATED, FRESH])
    added = fill.top_up(ctx, post, outline, _seen(post), to_markdown)
    body = _body(post)
    assert "Put simply" not in body and "In short" not in body
    assert "Evaluations on saved answers" in body
    assert added >= 1
    assert rep_n(body, 4) <= 0.15


def test_after_a_miss_the_same_section_is_asked_from_another_angle():
    for first in (RESTATED, ""):  # refused as a restatement, or unusable
        ctx, fake, post, outline = _setup([first, FRESH])
        fill.top_up(ctx, post, outline, _seen(post), to_markdown)
        asked = [next(line for line in c.prompt.splitlines() if line.startswith("Explain")) for c in fake.calls[:2]]
        assert len(asked) == 2 and asked[0] != asked[1], asked  # not the same instruction again


def test_a_post_that_already_fails_the_gate_still_gets_its_length():
    """Refusing only helps while the post can pass: a loop keeps its top-up (length is not given up)."""
    ctx, fake, post, outline = _setup([RESTATED])
    for s in post.sections:
        s.text = " ".join([f"{FRAME}, again and again."] * 1 + [f"{FRAME}, once more."])
    before = len(_body(post).split())
    fill.top_up(ctx, post, outline, _seen(post), to_markdown)
    assert len(_body(post).split()) > before


def test_the_top_up_angles_are_not_echoed_into_the_post():
    """Rotating angles after a miss reaches the top-up's own ("a step-by-step look at ..."): the model
    echoes them ("A step-bystep look at why on matters is a way to ...", a glued word in `bench.quality`)."""
    echo = ("A step-bystep look at what LLM Ops is is a way to explain complex ideas in simple terms. "
            "Evaluations on saved answers replace unit tests for prompts in LLM Ops teams.")
    ctx, fake, post, outline = _setup(["", "", "", "", "", echo])
    for s in post.sections:  # two paragraphs each: the next angles are the top-up's own
        s.text = f"{s.text}\n\nTeams write down what each model is for and who looks after it."
    fill.top_up(ctx, post, outline, set(), to_markdown)
    body = _body(post)
    assert "step-bystep" not in body and "step-by-step" not in body.lower()
    assert "Evaluations on saved answers" in body
