"""Scoring for `bench.requests`: the brief reader's fields against the labels, and named parts
against the headings of the post written from them (in order)."""

from __future__ import annotations

import re
from typing import Any

from blogwright.briefs import read_request
from blogwright.checks import parse_markdown
from blogwright.text import english
from blogwright.text.document import CONCLUSION
from blogwright.text.tokens import content_words

FIELDS = ("topic", "topic_whole", "words", "parts", "article", "persona", "audience", "tone")
INTRO = re.compile(r"^(?:intro(?:duction)?|opening|hook)$", re.I)


def stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _words(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())}


def same_part(label: str, heading: str) -> bool:
    """A heading is the labelled part when it has at least half the label's content words
    (a plural 's' ignored), or, for a label of stopwords only, all of its words."""
    want = {stem(w) for w in content_words(label)} or _words(label)
    have = {stem(w) for w in content_words(heading)} | _words(heading)
    return bool(want) and len(want & have) / len(want) >= 0.5


def field_results(brief: dict[str, Any]) -> dict[str, Any]:
    """Per labelled field: correct (True/False), with what the reader got. Unlabelled fields: None."""
    r = read_request(brief["request"])
    e = brief["expect"]
    got_parts = [p.heading for p in r.parts]
    want_parts = e.get("parts") or []
    out: dict[str, Any] = {
        "topic": all(stem(w.lower()) in _words(r.topic) for w in e["topic"]),
        "words": (r.asked.words if r.asked else None) == e.get("words"),
        "parts": len(got_parts) == len(want_parts) and all(same_part(a, b) for a, b in zip(want_parts, got_parts)),
        "article": r.article == e.get("article", True),
        "persona": (bool(r.persona_line) == e["persona"]) if "persona" in e else None,
        "audience": (r.audience == e["audience"]) if "audience" in e else None,
        # the topic is a phrase that reads as English, not a clause cut mid-way ("... scared they will")
        "topic_whole": not english.problem(r.topic) if e["topic"] else None,
        "tone": all(w in r.tone.lower() for w in e["tone"]) if "tone" in e else None,
    }
    out["got"] = {"topic": r.topic, "words": r.asked.words if r.asked else None,
                  "length_phrase": r.asked.phrase if r.asked else None, "target": r.words,
                  "parts": got_parts, "parts_source": r.parts_source, "form": r.form, "article": r.article,
                  "persona": r.persona_line, "audience": r.audience, "tone": r.tone, "voice": r.voice,
                  "instructions": r.instructions}
    return out


def accuracy(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Share correct per field over the briefs that label it; `words_stated`: over briefs stating a length."""
    acc: dict[str, Any] = {}
    for f in FIELDS:
        vals = [r["fields"][f] for r in rows if r["fields"][f] is not None]
        acc[f] = {"correct": sum(vals), "n": len(vals), "share": sum(vals) / len(vals) if vals else None}
    stated = [r["fields"]["words"] for r in rows if r["expect"].get("words") is not None]
    acc["words_stated"] = {"correct": sum(stated), "n": len(stated), "share": sum(stated) / len(stated) if stated else None}
    named = [r["fields"]["parts"] for r in rows if r["expect"].get("parts")]
    acc["parts_named"] = {"correct": sum(named), "n": len(named), "share": sum(named) / len(named) if named else None}
    return acc


def post_headings(markdown: str) -> list[str]:
    """The `##` section headings of a post, in order (the wrap-up and references left out)."""
    doc = parse_markdown(markdown)
    return [h.text for h in doc.headings if h.level == 2 and not CONCLUSION.match(h.text.strip())
            and h.text.strip().lower() != "references"]


def parts_in_order(labels: list[str], markdown: str) -> tuple[int, list[str]]:
    """(how many of the labelled parts became sections in order, the post's headings). A part named
    "Introduction" or "Conclusion" counts when the post has an intro or a conclusion."""
    heads = post_headings(markdown)
    doc = parse_markdown(markdown)
    matched, at = 0, 0
    for label in labels:
        if INTRO.match(label.strip()) and doc.intro.strip():
            matched += 1
            continue
        if CONCLUSION.match(label.strip()) and doc.conclusion.strip():
            matched += 1
            continue
        for j in range(at, len(heads)):
            if same_part(label, heads[j]):
                matched, at = matched + 1, j + 1
                break
    return matched, heads
