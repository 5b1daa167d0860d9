"""Facts from the user: questions derived from the outline, answers as notes; and a plain warning
plus `fact_check: needed` when a small model writes without notes or sources."""

from typer.testing import CliRunner

from blogwright.backends.fake import FakeBackend
from blogwright.cli import app
from blogwright.model.brief import make_brief
from blogwright.model.events import Note
from blogwright.model.post import Outline, SectionPlan
from blogwright.pipeline.interview import Question, answer_note, apply_answers, interview_questions, question_for
from blogwright.pipeline.run import write_post
from blogwright.render import to_markdown
from blogwright.voices import load_voice


def _outline(*headings, definitions=None):
    return Outline(title="t", intro_words=30, conclusion_words=30, definitions=definitions or {},
                   sections=[SectionPlan(heading=h, point=h.lower(), words=100) for h in headings])


def test_questions_come_from_the_headings_and_stay_short():
    brief = make_brief(topic="How does WAL mode work?")
    outline = _outline("What WAL Mode Changes", "Common Mistakes with WAL Mode", "What Comes Next for WAL Mode",
                       definitions={"WAL": "write-ahead logging"})
    qs = interview_questions(outline, brief)
    assert [q.text for q in qs] == ["What does WAL mode change for your app?", "What mistake with WAL mode have you seen?"]
    assert all(len(q.text.split()) <= 12 and q.text.endswith("?") for q in qs)


def test_at_most_six_questions_and_undefined_terms_first():
    brief = make_brief(topic="Composting")
    outline = _outline(*(f"Heading Number {i}" for i in range(8)))
    qs = interview_questions(outline, brief)
    assert len(qs) == 6 and qs[0] == Question("What is Composting, in one sentence?", term="Composting")


def test_question_for_headings_of_every_shape():
    brief = make_brief(topic="SQLite Is Enough for Most Web Apps")
    outline = _outline("Why SQLite Is Enough")
    assert question_for("Why SQLite Is Enough", outline, brief) == "Why is SQLite enough, in your experience?"
    assert question_for("When to Choose LLM Ops or ML Ops", outline, brief) == "When would you pick LLM Ops over ML Ops?"
    assert question_for("What Comes Next", outline, brief) == ""


def test_answers_become_notes_facts_and_definitions():
    brief = make_brief(topic="Composting")
    outline = _outline("Why Composting Matters", "Common Mistakes with Composting")
    qs = interview_questions(outline, brief)
    outline2, brief2, notes = apply_answers(outline, brief, qs, ["turning scraps into soil", "", "it smells when too wet"])
    assert notes == ["Composting is turning scraps into soil.", "Composting smells when too wet."]
    assert brief2.notes == notes and outline2.definitions == {"Composting": "turning scraps into soil"}
    assert outline2.sections[1].facts == ["Composting smells when too wet."] and not outline.sections[1].facts
    assert answer_note(Question("Why?", section=0), "yes", "x") == ""  # too short to be a fact


def test_write_plans_then_asks_then_drafts_with_the_answers():
    fake = FakeBackend()
    asked = []

    def ask(questions):
        asked.append((len(fake.calls), list(questions)))
        return ["Readers keep reading while one writer writes."] + [""] * (len(questions) - 1)

    brief = make_brief(topic="How does WAL mode work?", words=600)
    post = write_post(brief, load_voice("plain-expert"), fake, ask=ask)
    (calls_before, questions), = asked
    assert 1 <= len(questions) <= 6
    assert calls_before == 0 or all("Explain in" not in c.prompt for c in fake.calls[:calls_before])
    assert post.report.interview_notes and "one writer writes" in post.report.interview_notes[0]
    assert any("one writer writes" in c.prompt for c in fake.calls)  # the answer reached a prompt
    # the user's answers are notes: only claims they do not back are marked (none without notes would be "all")
    assert (post.fact_check == "needed") == bool(post.unverified)
    assert post.report.truth["facts"] >= 1


def test_a_small_model_without_notes_says_once_that_facts_need_checking():
    events = []
    fake = FakeBackend()
    fake.weak = True
    post = write_post(make_brief(topic="home composting", words=300), load_voice("plain-expert"), fake,
                      on_event=events.append)
    warnings = [e for e in events if isinstance(e, Note) and "should be checked" in e.text]
    assert len(warnings) == 1 and "not trusted with facts" in warnings[0].text and "needs facts" in warnings[0].text
    md = to_markdown(post)
    assert post.fact_check == "needed" and "fact_check: needed" in md
    assert post.unverified and f"claims_to_check: {len(post.unverified)}" in md  # every claim marked, counted
    assert all(s in md.split("\n---\n", 1)[1] for s in post.unverified)
    assert post.report.truth["advice"].startswith("this post needs facts")
    with_notes = write_post(make_brief(topic="home composting", words=300, notes=["Worms in a compost bin eat kitchen scraps"]),
                            load_voice("plain-expert"), fake)
    assert "Worms in a compost bin eat kitchen scraps [[1]](#references)" in to_markdown(with_notes)  # written around the note, cited
    assert with_notes.report.grounding["mode"] == "rewrite" and not with_notes.report.truth["advice"].startswith("this post needs")
    big = write_post(make_brief(topic="home composting", words=300), load_voice("plain-expert"), FakeBackend())
    assert big.fact_check == "" and not big.unverified  # a trusted model without facts: nothing to check against


def test_cli_interview_reads_answers_from_stdin_without_a_tty(tmp_path):
    r = CliRunner().invoke(app, ["write", "How does WAL mode work?", "--model", "fake", "--words", "300",
                                 "--interview", "--out", str(tmp_path), "--no-log", "-q"],
                           input="Readers keep reading while one writer writes.\n\n")
    assert r.exit_code == 0 or (r.exit_code == 1 and "blocking gates failed" in r.output), r.output
    assert "What is WAL mode" in r.output or "WAL mode" in r.output
    md = next(tmp_path.glob("*.md")).read_text()
    assert "one writer writes" in md
