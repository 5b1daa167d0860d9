"""The post-level pass: sentences restating earlier ones go before the repetition gate sees the post
(`make post` on the bundled model failed it with rep-4 0.20: one frame per paragraph)."""

from blogwright.backends.fake import FakeBackend
from blogwright.checks import GateConfig, check_markdown
from blogwright.checks.repetition import rep_n
from blogwright.model.brief import make_brief
from blogwright.model.post import Post, Section
from blogwright.pipeline.context import RunContext
from blogwright.pipeline.review import review_post
from blogwright.render import to_markdown
from blogwright.store import Store
from blogwright.voices import load_voice

TOPIC = "LLM Ops vs ML Ops"
FRAME = "LLM Ops is the practice of running large language models in production"
CLOSE = "LLM Ops runs large language models in production, and ML Ops runs the rest."


def _ctx() -> RunContext:
    return RunContext(brief=make_brief(topic=TOPIC, words=400), voice=load_voice("plain-expert"),
                      backend=FakeBackend(), store=Store(None), run_id="t")


def _post() -> Post:
    sections = [
        Section(heading="What LLM Ops Is", text=f"{FRAME}. It keeps chat assistants fast and cheap for real users. "
                "Most of the work is watching what the model says once people use it."),
        Section(heading="What ML Ops Is", text="ML Ops covers training, deploying and watching classic machine "
                "learning models. Those models predict a number or a label, and their inputs drift over months.\n\n"
                f"Beyond that, {FRAME}, while ML Ops is about older models. Features and labels come from tables."),
        Section(heading="Key Differences", text="Prompts and evaluations change every week, sometimes every day. "
                f"On top of that, {FRAME}, while ML Ops is the practice of deploying models.\n\n"
                f"Put simply, {FRAME}. A cache of common answers keeps the bill down."),
        Section(heading="When to Choose", text=f"In practice, {FRAME}, while ML Ops runs classic models. "
                "Pick the one your product needs. Start with the logs you already have."),
    ]
    return Post(title="LLM Ops vs ML Ops", topic=TOPIC, intro="Let's sort this out. Two names, one job each?",
                sections=sections, conclusion=f"Day to day, {CLOSE} Class dismissed.")


def _body(post: Post) -> list[str]:
    return [p for part in (post.intro, *(s.text for s in post.sections), post.conclusion) for p in part.split("\n\n")]


def rep4(paragraphs: list[str]) -> float:
    return rep_n("\n\n".join(paragraphs), 4)  # the gate's own measure


def test_review_drops_restatements_until_the_repetition_gate_passes():
    post = _post()
    assert rep4(_body(post)) > 0.15  # what the gate saw before the fix
    review_post(_ctx(), post)
    assert rep4(_body(post)) <= 0.15  # the gate's limit (the pass aims at 0.12)
    gate = check_markdown(to_markdown(post), config=GateConfig()).gates["repetition"]
    assert gate.passed, gate.findings
    text = "\n".join(_body(post))
    assert text.count(FRAME) >= 1  # the first statement stays
    # the conclusion keeps its model sentence: with the sign-off alone it is off-topic
    assert post.conclusion == f"Day to day, {CLOSE} Class dismissed."
    assert all(s.text.strip() for s in post.sections)
    assert any("restated" in n for s in post.sections for n in s.notes)


def test_review_leaves_a_post_without_restatements_alone():
    post = Post(title="t", topic=TOPIC, intro="Two names, one job each.",
                sections=[Section(heading="A", text="LLM Ops runs large language models for real users. "
                                  "Evaluations replace unit tests for prompts."),
                          Section(heading="B", text="ML Ops trains and ships classic models. Their inputs drift.")],
                conclusion="Know which models you run. Class dismissed.")
    texts = [s.text for s in post.sections]
    review_post(_ctx(), post)
    assert [s.text for s in post.sections] == texts


def test_a_section_failing_repetition_is_thinned_not_drafted_again(monkeypatch):
    """Issue 28: a section whose paragraphs restate one frame failed the repetition gate and was drafted
    again; the bundled model's redraft restated the frame again and left a one-sentence section."""
    from blogwright.pipeline import review
    from blogwright.pipeline.outline_from_brief import make_outline

    text = (f"{FRAME}. It keeps chat assistants fast and cheap for real users. Most of the work is watching "
            "what the model says once people use it.\n\n"
            f"Beyond that, {FRAME}, while ML Ops is about older models. Features and labels come from tables.\n\n"
            f"Put simply, {FRAME}. A cache of common answers keeps the bill down. Evaluation sets grow each "
            "time a user reports a wrong answer, and rollbacks of a prompt are as routine as rollbacks of code.")
    drafts = []

    def draft_section(ctx, outline, index, seen, fix=None, variant=0, instruction=""):
        drafts.append(fix)
        return Section(heading=outline.sections[index].heading, point=outline.sections[index].point, text=text)

    monkeypatch.setattr(review, "draft_section", draft_section)
    ctx = _ctx()
    outline = make_outline(ctx)
    assert review.check_section(text, "h", review.check_context(ctx, outline), ctx.gates).gates["repetition"].passed is False
    section = review.best_section(ctx, outline, 0, set(), sentence_repair=True)
    assert drafts == [None]  # drafted once: no second draft with "Avoid: repeating the same sentence"
    assert section.text.count(FRAME) < 3 and any("not drafted again" in n for n in section.notes)
    assert review.check_section(section.text, section.heading, review.check_context(ctx, outline),
                                ctx.gates).gates["repetition"].passed
    # without the sentence repair to follow (`revise`), the old way: drafted again with the hint
    drafts.clear()
    review.best_section(ctx, outline, 0, set(), sentence_repair=False)
    assert drafts == [None, ["repeating the same sentence"]]
