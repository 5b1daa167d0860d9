"""Newcomer report fixes (fixdraft): a Ctrl-C draft lists its claims and the `facts` gate fails safe
without a list; the leaks gate; statement-only TL;DRs; voice lines about a fact; the counts. Fake backend."""

from __future__ import annotations

import itertools
import re

import pytest

from blogwright.backends.fake import FakeBackend
from blogwright.checks import GateConfig, check_markdown
from blogwright.core.errors import BadInput
from blogwright.model.brief import make_brief
from blogwright.model.post import Post, Section
from blogwright.pipeline import clean, summarize
from blogwright.pipeline.clean import clean_prose
from blogwright.pipeline.logged import load_index
from blogwright.pipeline.run import Interrupted, write_post
from blogwright.pipeline.truth import claim_key, distinct_claims
from blogwright.publish import publish_post
from blogwright.render import to_markdown
from blogwright.research import split_cited
from blogwright.text.verdict import verdict
from blogwright.voices import load_voice
from blogwright.voices.restyle import topic_free

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


def _git_post() -> Post:
    fact = "Calling git stash without any arguments is equivalent to git stash push [1]."
    return Post(title="How Git Stash Works", topic="How git stash works", intro="Say no more, newbie.",
                sections=[Section(heading="Why Git Stash Matters",
                                  text=f"What is calling git stash without any arguments? {fact} This is a joke, newbie."),
                          Section(heading="Listing Stashes", text="What about a stash? A stash is listed as WIP on "
                                  "the branch name in git stash list [2].")])


def test_the_tldr_and_description_are_statements_never_the_lead_question():
    post = _git_post()
    tldr = summarize.fallback_summary(post)
    assert tldr and "?" not in tldr and "git stash" in tldr.lower()
    assert summarize.tldr_sentences(["What is calling git stash without any arguments?"], post)[0] == []
    desc = summarize.make_description("What is calling git stash without any arguments? Calling git stash "
                                      "without any arguments is equivalent to git stash push.")
    assert "?" not in desc and desc.startswith("Calling git stash")


@pytest.mark.parametrize("line", ["This is a joke, newbie.", "That's true.", "This is wrong.", "Just kidding."])
def test_a_voice_line_that_judges_a_fact_is_cut(line):
    fact = "Calling git stash without any arguments is equivalent to git stash push [1]."
    assert verdict(line)
    assert clean.drop_verdicts(f"{fact} {line}\n\n- a list item") == f"{fact}\n\n- a list item"
    assert line not in clean.clean_prose(f"Composting turns scraps into soil. {line} Worms do most of the work.")
    assert not topic_free(line.rstrip(".").lower())  # never an aside either ("— just kidding")


def test_a_written_post_keeps_no_verdict_line():
    def judged(messages, params):
        return "Composting turns scraps into soil. This is a joke, newbie. Worms do most of the work. That's true."

    post = write_post(make_brief(topic="home composting", words=300), load_voice("snarky-mentor"),
                      FakeBackend(function=judged))
    md = to_markdown(post)
    assert "This is a joke" not in md and "That's true" not in md and "Worms do most of the work" in md


RESEARCH_NOTES = ["# Notes found for: How git stash works",
                  "- Calling git stash without any arguments is equivalent to git stash push. [1]",
                  "- A stash is by default listed as WIP on branchname. [1]",
                  "- The modifications stashed away by this command can be listed with git stash list. [1]",
                  '[1]: https://git-scm.com/docs/git-stash "git-stash"']


def test_research_notes_that_became_cited_sources_count_as_notes_used():
    notes, cited = split_cited([n.removeprefix("- ") for n in RESEARCH_NOTES])  # as `--notes` reads the file
    assert notes == [] and cited
    fake = FakeBackend()
    fake.weak = True
    post = write_post(make_brief(topic="How git stash works", words=300), load_voice("plain-expert"), fake,
                      index=load_index([], extra=cited))
    n_cited = len(re.findall(r"^\d+\. ", post.references_md, re.M))
    report = post.report.grounding
    assert n_cited and len(report["notes_used"]) >= 1
    assert len(report["notes_used"]) + len(report["notes_dropped"]) == 3  # not "0 of 0"


def test_claims_are_listed_once_and_the_note_gives_the_front_matter_count():
    notes: list[str] = []
    fake = FakeBackend()
    fake.weak = True
    post = write_post(make_brief(topic="LLM Ops vs ML Ops: what's the difference", words=300),
                      load_voice("snarky-mentor"), fake, on_event=lambda e: notes.append(getattr(e, "text", "")))
    md = to_markdown(post)
    keys = [claim_key(c) for c in post.unverified]
    assert post.unverified and len(keys) == len(set(keys))
    assert f"claims_to_check: {len(post.unverified)}" in md
    assert f"claims to check: {len(post.unverified)} (front matter `check_claims`)" in notes
    assert distinct_claims(["LLM Ops runs models.", "LLM Ops runs models, newbie.", "Newbie, LLM Ops runs models."]) \
        == ["LLM Ops runs models."]
    assert distinct_claims(["Readers block writers.", "Readers do not block writers."]) == \
        ["Readers block writers.", "Readers do not block writers."]


def test_a_joke_about_anything_after_a_fact_is_a_verdict_but_a_qualified_claim_is_not():
    from blogwright.text.verdict import verdict

    # read in a notes post on the bundled model: it followed a cited note, and no gate marked it
    assert verdict("This is a joke about the way people cache their answers to questions.")
    assert verdict("It is a myth about databases.")
    assert not verdict("This is true for small tables.")  # a claim with a condition: checked, not cut
    assert not verdict("That is the case for WAL mode.")
