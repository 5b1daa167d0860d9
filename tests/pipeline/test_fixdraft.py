"""Newcomer report fixes (fixdraft): a Ctrl-C draft lists its claims and the `facts` gate fails safe
without a list; the leaks gate; statement-only TL;DRs; voice lines about a fact; the counts. Fake backend."""

from __future__ import annotations

import itertools

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.checks import GateConfig, check_markdown
from blogwright.core.errors import BadInput
from blogwright.model.brief import make_brief
from blogwright.pipeline.clean import clean_prose
from blogwright.pipeline.run import Interrupted, write_post
from blogwright.publish import publish_post
from blogwright.render import to_markdown
from blogwright.voices import load_voice

NO_EMB = GateConfig(embeddings=False)
TOPIC = "Why SQLite WAL mode helps web apps"


def _interrupted_draft(at: int = 8):
    counter = itertools.count()

    def interrupting(messages, params):
        if next(counter) == at:
            raise KeyboardInterrupt
        return "SQLite writes changes to a temporary log file named write_algo. It uses the w command to commit."

    fake = FakeBackend(function=interrupting)
    fake.weak = True  # the bundled model: not trusted with facts
    with pytest.raises(Interrupted) as exc:
        write_post(make_brief(topic=TOPIC, words=300), load_voice("plain-expert"), fake)
    return exc.value.post


def test_a_ctrl_c_draft_lists_its_claims_and_fails_the_facts_gate():
    post = _interrupted_draft()
    assert not post.complete and post.sections
    md = to_markdown(post)
    assert "draft: true" in md and "fact_check: needed" in md and "check_claims:" in md
    assert post.unverified and any("write_algo" in c for c in post.unverified)
    facts = check_markdown(md, config=NO_EMB).gates["facts"]
    assert not facts.passed and facts.blocking


def _fm(extra: str) -> str:
    return (f"---\ntitle: WAL\n{extra}---\n\n# WAL\n\nSQLite writes changes to a temporary log file named "
            "write_algo. It uses the w command to commit.\n")


@pytest.mark.parametrize("extra", ["fact_check: needed\n", "fact_check: needed\ncheck_claims: {a: 1}\n",
                                   "fact_check: needed\ncheck_claims: 3\n"])
def test_the_facts_gate_blocks_a_post_that_needs_a_check_but_lists_nothing(extra):
    facts = check_markdown(_fm(extra), config=NO_EMB).gates["facts"]
    assert not facts.passed and facts.blocking
    assert any("claims were never listed" in f.message for f in facts.findings)


@pytest.mark.parametrize("extra", ["", "fact_check: needed\ncheck_claims: []\n", "fact_check: needed\ncheck_claims:\n"])
def test_the_facts_gate_passes_a_checked_or_cleared_list(extra):
    assert check_markdown(_fm(extra), config=NO_EMB).gates["facts"].passed  # emptied by the user: checked


def test_publish_refuses_an_unlisted_draft_unless_forced(tmp_path):
    path = tmp_path / "p.md"
    path.write_text(_fm("fact_check: needed\n"), encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "hugo.toml").write_text("title = \"T\"\n")
    with pytest.raises(BadInput, match="facts"):
        publish_post(path, f"hugo:{tmp_path / 'site'}", live=True)
    assert publish_post(path, f"hugo:{tmp_path / 'site'}", live=True, force=True)


LEFTOVER = "WAL mode keeps readers going. In 3 sentences: SQLite is a small database engine."


def test_the_leaks_gate_catches_an_in_n_sentences_leftover():
    md = f"---\ntitle: WAL\n---\n\n# WAL\n\n{LEFTOVER}\n"
    leaks = check_markdown(md, config=NO_EMB).gates["leaks"]
    assert not leaks.passed and leaks.findings
    ok = "---\ntitle: WAL\n---\n\n# WAL\n\nWAL mode keeps readers going. It fits in three sentences of the docs.\n"
    assert check_markdown(ok, config=NO_EMB).gates["leaks"].passed


def test_cleaning_strips_the_in_n_sentences_label_and_keeps_the_sentence():
    out = clean_prose(LEFTOVER)
    assert "In 3 sentences" not in out and "SQLite is a small database engine." in out
