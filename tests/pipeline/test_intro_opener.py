"""An opener that announces a question ("Here is a question worth asking.") goes only before a question:
before a statement it announced a question that never came (read in the labelled notes posts)."""

from blogwright.backends.fake import FakeBackend
from blogwright.model.brief import make_brief
from blogwright.model.post import Outline
from blogwright.pipeline import draft
from blogwright.pipeline.context import RunContext
from blogwright.store import Store
from blogwright.voices import load_voice


def _intro(monkeypatch, text: str) -> str:
    voice = load_voice("friendly-teacher")
    voice.openers = ["Here is a question worth asking"]  # the one a seed may pick
    voice.openers.append("Let's take this one step at a time")
    ctx = RunContext(brief=make_brief(topic="How DNS finds the address of a website", words=400), voice=voice,
                     backend=FakeBackend(), store=Store(None), run_id="t")
    monkeypatch.setattr(draft, "paragraph", lambda *a, **k: text)
    monkeypatch.setattr(draft, "voice_lines", lambda ctx, kind: ["Here is a question worth asking"])
    return draft.draft_intro(ctx, Outline(title="DNS", sections=[], intro_words=40, conclusion_words=30), set())


def test_a_question_opener_goes_before_a_question_only(monkeypatch):
    statement = "DNS turns a name like example.com into an IP address that computers use to connect."
    assert not _intro(monkeypatch, statement).startswith("Here is a question")
    question = "How does your computer find example.com? It asks DNS."
    assert _intro(monkeypatch, question).startswith("Here is a question worth asking. How does")
