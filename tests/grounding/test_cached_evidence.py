"""One cached helper for the topic's own words over a write's found pages, and the sources' text the
gates compare each draft with, joined once (reviewer findings; the answers are the same as before)."""

from __future__ import annotations

from blogwright.grounding import PassageIndex, evidence
from blogwright.grounding.sources import Source

PAGES = {"git-stash": "Use git stash when you want to record the current state of the working directory and the index.",
         "git-merge": "git merge joins two or more development histories together.",
         "git-log": "git log shows the commit logs of a repository.",
         "gitworkflows": "Roughly speaking, there are two important workflows in git: merge and patch."}


def _web_index() -> PassageIndex:
    return PassageIndex.build([Source(id=f"w{i}", title=t, location=f"http://127.0.0.1/docs/{t}.html", kind="web", text=x)
                               for i, (t, x) in enumerate(PAGES.items())])


def test_topic_words_over_found_pages_are_worked_out_once_per_write():
    """Planning, grounding and the claim check each asked for the topic's own words over the same found
    pages (stemming every page each time): one cached helper now, with the same answer."""
    index = _web_index()
    index.sources["u1"] = Source(id="u1", title="mine", location="notes.md", kind="markdown", text="git stash notes")
    topic = "How git stash saves your unfinished work"
    found = [s.text for s in index.sources.values() if s.kind in evidence.FOUND_KINDS]
    assert len(found) == 4  # the user's own source is not a found page
    evidence._topic_words.cache_clear()
    words = evidence.found_topic_words(index, topic)
    assert words == {"stash"} == evidence.topic_words(topic, found)  # "git" is on every found page
    assert evidence.found_topic_words(index, topic) is words and evidence._topic_words.cache_info().misses == 1
    assert evidence.found_topic_words(index, "") == frozenset() == evidence.found_topic_words(None, topic)


def test_the_sources_text_the_gates_compare_with_is_joined_once():
    index = _web_index()
    text = index.passages_text()
    assert text == "\n\n".join(p.text for p in index.passages) and "stash" in text
    assert index.passages_text() is text
