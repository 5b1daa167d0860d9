"""Citations and References, and the flag / cut / rewrite modes for unsupported claims."""

from __future__ import annotations

import re

import pytest

from blogwright.grounding import ClaimVerdict, Evidence, cite, references_markdown, report_lines
from blogwright.grounding.cite import _key, add_marker
from blogwright.grounding.terms import numbers, stems
from blogwright.text.sentences import split_sentences

MARK = re.compile(r"\s*\[(\d+)\]")


def sentences_with_markers(sections):
    for heading, text in sections:
        for s in split_sentences(text.replace("\n\n", " ")):
            for m in MARK.finditer(s):
                yield heading, MARK.sub("", s), int(m.group(1))


def test_every_citation_points_to_a_passage_with_its_claims_key_terms(checked):
    sections, _, verdicts = checked
    result = cite(sections, verdicts, "flag")
    by = {_key(v.sentence): v for v in verdicts}
    refs = {r.n: r for r in result.references}
    cited = list(sentences_with_markers(result.sections))
    assert len(cited) == sum(v.status == "supported" for v in verdicts) == 13
    for _, sentence, n in cited:
        v = by[_key(sentence)]
        passage = refs[n].passage
        assert v.claim.numbers <= numbers(passage), (sentence, passage)
        for term in v.claim.terms:
            assert term.lower().rstrip("s") in passage.lower(), (term, passage)
        key = stems(sentence)
        assert len(key & stems(passage)) / len(key) >= 0.5, (sentence, passage)
    assert sorted(refs) == list(range(1, len(refs) + 1))
    first_seen = list(dict.fromkeys(n for _, _, n in cited))
    assert first_seen == sorted(first_seen)  # numbered in order of first use


def test_notes_are_a_source_called_your_notes(checked):
    sections, _, verdicts = checked
    result = cite(sections, verdicts, "flag")
    notes_refs = [r for r in result.references if r.source_id == "notes"]
    assert notes_refs and all(r.title == "your notes" and r.location == "" for r in notes_refs)
    md = references_markdown(result.references)
    assert md.startswith("## References\n\n1. ")
    assert "The author's own notes: “Our team cut page load time" in md  # words a reader understands
    assert "Your notes" not in md
    assert "Conditional Requests and Validation" in md and ", ETag and If-None-Match: “" in md
    assert len(re.findall(r"^\d+\. ", md, re.M)) == len(result.references)
    assert references_markdown([]) == ""


def test_flag_mode_keeps_the_text_and_lists_the_problems(checked):
    sections, labels, verdicts = checked
    result = cite(sections, verdicts, "flag")
    for (_, before), (_, after) in zip(sections, result.sections):
        assert MARK.sub("", after) == before
    problems = result.report["problems"]
    assert {p["sentence"] for p in problems} == {s for s, lab in labels.items() if lab in ("unsupported", "invented")}
    assert all(p["action"] == "flagged" for p in problems)
    assert result.report["supported"] == 13 and result.report["invented"] == 4
    lines = report_lines(result.report)
    assert lines[0] == f"claims: 24, supported 13, unsupported 7, invented 4, references {len(result.references)} " \
        "(mode: flag)"
    assert any("invented [flagged] Static Assets: The webpack-hashify plugin" in ln for ln in lines)


def test_cut_mode_removes_unsupported_claims_but_never_empties_a_section(checked):
    sections, labels, verdicts = checked
    result = cite(sections, verdicts, "cut")
    text = " ".join(t for _, t in result.sections)
    for s, lab in labels.items():
        if lab in ("unsupported", "invented"):
            assert s not in text
        else:
            assert MARK.sub("", s) in MARK.sub("", text)
    assert all(t.strip() for _, t in result.sections)
    lonely = [("Only Doubts", "Setting max-age=600 keeps a response fresh for a full day. "
                              "Turn on the EdgeBoost mode to double your hit ratio.")]
    alone = cite(lonely, verdicts, "cut")
    assert alone.sections[0][1] == "Setting max-age=600 keeps a response fresh for a full day."
    actions = [p["action"] for p in alone.report["problems"]]
    assert actions == ["kept (cutting it would empty the section)", "cut"]


def test_rewrite_mode_uses_the_closest_source_sentence_deterministically(checked):
    sections, _, verdicts = checked
    one = cite(sections, verdicts, "rewrite")
    two = cite(sections, verdicts, "rewrite")
    assert one.sections == two.sections
    rewritten = [p for p in one.report["problems"] if p["action"] == "rewritten"]
    assert rewritten
    text = " ".join(t for _, t in one.sections)
    for p in rewritten:
        assert p["sentence"] not in text and p["replacement"] in MARK.sub("", text)
    refs = {r.n: r for r in one.references}
    for _, sentence, n in sentences_with_markers(one.sections):
        assert sentence in refs[n].passage or any(_key(sentence) == _key(v.sentence) for v in verdicts)
    gone = [p for p in one.report["problems"] if p["action"] == "cut"]
    assert all(p["sentence"] not in text for p in gone)
    assert all(t.strip() for _, t in one.sections)


def test_rewrite_mode_can_call_a_model_and_survives_one_that_fails(checked):
    sections, _, verdicts = checked
    seen = []

    def model(sentence, evidence):
        seen.append((sentence, evidence))
        return f"Per the source: {evidence}"

    result = cite(sections, verdicts, "rewrite", rewrite=model)
    assert seen and all(e in v.evidence.text for s, e in seen for v in verdicts if v.sentence == s)
    assert "Per the source: " in " ".join(t for _, t in result.sections)

    def broken(sentence, evidence):
        raise RuntimeError("model down")

    fallback = cite(sections, verdicts, "rewrite", rewrite=broken)
    assert fallback.sections == cite(sections, verdicts, "rewrite").sections


def test_markers_and_modes():
    assert add_marker("It lasts 3600 seconds.", 2) == "It lasts 3600 seconds [2]."
    assert add_marker('He said "stop!"', 1) == 'He said "stop [1]!"'
    assert add_marker("No full stop", 4) == "No full stop [4]"
    ev = Evidence("Fresh for 60 seconds.", "s1", "Guide", "guide.md")
    v = ClaimVerdict("The response is fresh for 60 seconds.", "supported", ev, 0.9)
    out = cite([("A", "Intro text here. The response is fresh for 60 seconds.")], [v], "cut")
    assert out.sections == [("A", "Intro text here. The response is fresh for 60 seconds [1].")]
    assert out.references[0].excerpt == "Fresh for 60 seconds."
    with pytest.raises(ValueError):
        cite([], [], "delete")
