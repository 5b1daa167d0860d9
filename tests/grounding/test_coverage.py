"""Coverage of the user's notes, the calibration of its threshold, and `ground` end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from blogwright.grounding import coverage, coverage_report, ground
from blogwright.grounding.coverage import COVER_SIMILARITY, split_post

DATA = Path(__file__).parent / "data"


def expected(post_fixture, notes):
    want = {}
    for note in notes:
        where = [h for start, h in post_fixture["coverage"]["covered"].items() if note.startswith(start)]
        want[note] = where[0] if where else None
    return want


def test_fixture_notes_covered_where_expected_and_the_rest_dropped(checked, notes, post_fixture, embedder):
    sections, _, _ = checked
    got = {c.note: c.where for c in coverage(notes, sections, embedder=embedder)}
    assert got == expected(post_fixture, notes)
    dropped = [n for n, w in got.items() if w is None]
    assert [d.split()[:2] for d in dropped] == [["The", "Vary"], ["Check", "the"]]


def test_coverage_reads_markdown_and_ignores_citation_markers(notes, embedder):
    md = ("---\ntitle: x\n---\n# HTTP Caching\n\nWith max-age=3600 a browser reuses a response for one hour "
          "without contacting the server [1].\n\n## Vary\n\nThe Vary header lists the request headers that "
          "change the response, such as Accept-Encoding [2].\n")
    assert [h for h, _ in split_post(md)] == ["HTTP Caching", "Vary"]
    result = coverage(notes, md, embedder=embedder)
    where = {c.note.split()[0]: c.where for c in result}
    assert where["max-age=3600"] == "HTTP Caching" and where["The"] in (None, "Vary")
    assert [c for c in result if c.note.startswith("The Vary")][0].where == "Vary"
    assert split_post("Just an intro.") == [("intro", "Just an intro.")]


def test_lexical_rule_alone_needs_60_percent_of_a_notes_words_in_one_section():
    def orthogonal(texts):  # an embedder under which nothing is similar: only the lexical rule counts
        return np.zeros((len(texts), 8), dtype=np.float32)

    notes = ["Turn the compost pile every two weeks for air.", "Keep the pile as damp as a sponge."]
    post = [("Turning", "Turn your compost pile every couple of weeks."), ("Water", "Sponges are damp.")]
    result = coverage(notes, post, embedder=orthogonal)
    assert [(c.covered, c.where) for c in result] == [(True, "Turning"), (False, None)]
    assert result[0].lexical >= 0.6 > result[1].lexical
    report = coverage_report(result)
    assert report.splitlines() == ["notes used: 1 of 2",
                                   "  + Turn the compost pile every two weeks for air.  (in: Turning)",
                                   "notes dropped: 1", "  - Keep the pile as damp as a sponge."]
    assert coverage([], post) == []


def test_similarity_threshold_is_calibrated_on_paraphrase_pairs(embedder):
    pairs = yaml.safe_load((DATA / "pairs.yaml").read_text(encoding="utf-8"))

    def sims(rows):
        vecs = embedder([t for row in rows for t in row])  # one batch
        return [float(vecs[2 * i] @ vecs[2 * i + 1]) for i in range(len(rows))]

    same, different = sims(pairs["same"]), sims(pairs["different"])
    assert sum(s >= COVER_SIMILARITY for s in same) >= 10  # of 16 paraphrases (measured: 11)
    assert sum(s >= COVER_SIMILARITY for s in different) <= 1  # of 16 other facts (measured: 1)
    assert np.mean(same) - np.mean(different) > 0.3


def test_ground_runs_the_whole_after_draft_step(checked, notes, index):
    sections, _, _ = checked
    result = ground(sections, notes, index, mode="cut", known=["HTTP caching"])
    assert result.references_md.startswith("## References")
    report = result.report()
    assert report["mode"] == "cut" and report["supported"] == 13
    assert len(report["notes_used"]) + len(report["notes_dropped"]) == len(notes)
    assert all(p["action"] in ("cut", "kept (cutting it would empty the section)") for p in report["problems"])
    assert all(text.strip() for _, text in result.sections)


def test_evidence_for_sections_fills_the_plan_after_the_notes(notes, index):
    from blogwright.grounding import evidence_for_sections, strip_markers
    from blogwright.grounding.terms import lexical
    from blogwright.pipeline.plan import assign_facts

    sections = [("What HTTP Caching Means", "what http caching is, in plain words"),
                ("Validating Cached Copies", "how ETags and 304 responses work"),
                ("Shared Caches and CDNs", "how CDNs serve stale content"),
                ("Growing Tomatoes", "how to grow tomatoes in clay soil")]
    facts = assign_facts([h for h, _ in sections], notes)
    extra = evidence_for_sections(index, sections, facts)
    assert len(extra) == 4 and extra[3] == []  # nothing relevant: nothing added
    flat = [s for e in extra for s in e]
    assert flat and len(flat) == len(set(flat))  # no sentence in two sections
    for fs, e in zip(facts, extra):
        assert len(e) <= 2 and sum(len(x.split()) for x in fs + e) <= 60 or not e
        assert all(lexical(s, n) < 0.6 for s in e for n in notes)
    texts = " ".join(" ".join(src.text.split()) for src in index.sources.values())
    assert all(s in texts for s in flat)  # verbatim source sentences: they will be cited as supported
    validation = " ".join(index.sources["s2"].text.split())  # the page on ETags and 304s
    assert extra[1] and all(s in validation for s in extra[1])
    assert evidence_for_sections(None, sections) == [[], [], [], []]
    assert strip_markers("Fresh for 60 s [1]. Stale after [12].") == "Fresh for 60 s. Stale after."
