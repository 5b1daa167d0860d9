"""Citations: [n] after supported claims, a References list, and what to do with the rest.

Modes for unsupported and invented claims:
  flag     leave the text, list them in the report
  cut      remove the sentence, unless that would empty its section (then keep it, flagged)
  rewrite  replace it with the closest source sentence (cited), or with `rewrite(sentence,
           evidence)` when a callable is given (a model); with no usable evidence, cut instead
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from blogwright.grounding.claims import ClaimVerdict, Evidence
from blogwright.grounding.evidence import one_sentence
from blogwright.grounding.sources import NOTES_ID
from blogwright.grounding.terms import lexical
from blogwright.text.citations import strip_markers  # noqa: F401 - re-exported by grounding
from blogwright.text.english import stands_alone
from blogwright.text.sentences import as_sentence, split_sentences
from blogwright.text.tokens import key

Mode = Literal["flag", "cut", "rewrite"]
MODES = ("flag", "cut", "rewrite")
REWRITE_MIN_SIMILARITY = 0.45  # closest evidence below this is too far off to stand in for a claim
REPLACEMENT_WORDS = 45  # evidence longer than this is a passage, not a sentence to put in a claim's place
EXCERPT_WORDS = 40
DANGLING = re.compile(r"^(?:it|this|that|these|those|they|he|she|its|their|such|both)\b", re.I)
Rewriter = Callable[[str, str], str]


@dataclass
class Reference:
    n: int
    title: str
    location: str  # path or URL; "" for the user's notes
    excerpt: str  # the sentence(s) that support the claims citing it
    source_id: str = ""
    passage: str = ""  # the whole passage (or note)
    heading: str = ""


@dataclass
class CitedResult:
    sections: list[tuple[str, str]]
    references: list[Reference]
    report: dict[str, Any] = field(default_factory=dict)


def _key(sentence: str) -> str:
    return key(re.sub(r"\s*\[\d+\]", "", sentence))


def _excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    w = text.split()
    return text if len(w) <= words else " ".join(w[:words]).rstrip(",;:") + " ..."


def add_marker(sentence: str, n: int) -> str:
    """'It is 3 s.' -> 'It is 3 s [2].' (before the final punctuation)."""
    m = re.search(r"([.!?…]+[\"'”’)\]]*)\s*$", sentence)
    if not m:
        return f"{sentence} [{n}]"
    return f"{sentence[:m.start()].rstrip()} [{n}]{m.group(1)}"


class _Refs:
    def __init__(self) -> None:
        self.by_key: dict[str, Reference] = {}

    def number(self, ev: Evidence) -> int:
        ref = self.by_key.get(ev.key)
        if ref is None:
            heading = ev.passage.heading if ev.passage else ""
            ref = Reference(n=len(self.by_key) + 1, title=ev.title, location=ev.location,
                            excerpt=_excerpt(ev.text), source_id=ev.source_id,
                            passage=ev.passage_text, heading=heading)
            self.by_key[ev.key] = ref
        elif ev.text not in ref.excerpt and len(ref.excerpt.split()) + len(ev.text.split()) <= EXCERPT_WORDS * 2:
            ref.excerpt = f"{ref.excerpt} ... {_excerpt(ev.text)}"
        return ref.n


def cite(post_sections: list[tuple[str, str]], verdicts: list[ClaimVerdict], mode: Mode = "flag",
         rewrite: Rewriter | None = None, keep_one: bool = True) -> CitedResult:
    """Cite supported claims and handle the others according to `mode`; see the module doc.
    `keep_one`: when every sentence of a section would be cut, keep the least unsupported one
    (flagged); False lets the section empty (the caller drops or refills it)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: use flag, cut or rewrite")
    by_sentence = {_key(v.sentence): v for v in verdicts}
    refs = _Refs()
    used = {v.evidence.text for v in verdicts if v.status == "supported" and v.evidence}  # already said
    problems: list[dict[str, Any]] = []
    out_sections = []
    supported = 0
    for heading, text in post_sections:
        paragraphs = [split_sentences(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
        # first decide every sentence's fate: keep, cite, flag, rewritten (with its text) or cut
        fate: dict[tuple[int, int], tuple[str, ClaimVerdict | None, str]] = {}
        for i, para in enumerate(paragraphs):
            for j, sentence in enumerate(para):
                v = by_sentence.get(_key(sentence))
                if v is None:
                    fate[(i, j)] = ("keep", None, "")
                elif v.status == "supported" and v.evidence:
                    fate[(i, j)] = ("cite", v, "")
                elif mode == "rewrite" and (new := _replacement(v, rewrite, used, text)):
                    fate[(i, j)] = ("rewritten", v, new)
                else:
                    fate[(i, j)] = ("cut" if mode != "flag" else "flag", v, "")
        if keep_one and fate and all(f[0] == "cut" for f in fate.values()):
            best = max(fate, key=lambda pos: fate[pos][1].score)  # the least unsupported stays
            fate[best] = ("kept", fate[best][1], "")
        new_paragraphs = []
        for i, para in enumerate(paragraphs):
            new = []
            for j, sentence in enumerate(para):
                act, v, replacement = fate[(i, j)]
                if act == "keep":
                    new.append(sentence)
                    continue
                if act == "cite":
                    supported += 1
                    new.append(add_marker(sentence, refs.number(v.evidence)))
                    continue
                entry = {"section": heading, "sentence": v.sentence, "status": v.status, "score": v.score,
                         "reason": v.reason, "action": {"flag": "flagged", "kept": "kept (cutting it would "
                                                        "empty the section)"}.get(act, act)}
                if v.invented_terms:
                    entry["invented_terms"] = list(v.invented_terms)
                if act == "rewritten":
                    entry["replacement"] = replacement
                    new.append(add_marker(replacement, refs.number(v.evidence)))
                elif act != "cut":
                    new.append(sentence)
                problems.append(entry)
            if new:
                new_paragraphs.append(" ".join(new))
        out_sections.append((heading, "\n\n".join(new_paragraphs)))
    references = sorted(refs.by_key.values(), key=lambda r: r.n)
    report = {"mode": mode, "claims": len(verdicts), "supported": supported,
              "unsupported": sum(v.status == "unsupported" for v in verdicts),
              "invented": sum(v.status == "invented" for v in verdicts),
              "references": len(references), "problems": problems}
    return CitedResult(out_sections, references, report)


def _replacement(v: ClaimVerdict, rewrite: Rewriter | None, used: set[str], section: str) -> str | None:
    """The sentence to put in place of an unsupported claim, or None (then it is cut)."""
    ev = v.evidence
    if ev is None or v.similarity < REWRITE_MIN_SIMILARITY or ev.text in used:
        return None
    if any(lexical(ev.text, s) >= 0.7 for s in split_sentences(section) if _key(s) != _key(v.sentence)):
        return None  # the section already says it (elsewhere than in the sentence being replaced)
    if rewrite is None and DANGLING.match(ev.text):
        return None  # "It ..." means nothing out of its passage
    if len(ev.text.split()) > REPLACEMENT_WORDS or (ev.source_id != NOTES_ID and not all(
            stands_alone(s) for s in split_sentences(ev.text))):
        return None  # "See git-log(1).", a manual's fragment, a whole paragraph: out of place in a post
    # (the user's own notes were written for this post: spaCy misreading one, "The ... server answers with
    # the record" parsed with "answers" a noun, must not cut the note's restatement instead of quoting it)
    if ev.source_id != NOTES_ID and not one_sentence(ev.text):
        return None  # two sentences the splitter saw as one: "Look at the diffs. git diff will show ..."
    new = ""
    if rewrite is not None:
        try:
            new = (rewrite(v.sentence, ev.text) or "").strip()
        except Exception:  # noqa: BLE001 - a failing model must not lose the post
            new = ""
    used.add(ev.text)
    return new or as_sentence(ev.text)


NOTES_SOURCE = "The author's own notes"


def references_markdown(references: list[Reference]) -> str:
    """A '## References' section a reader can follow: '1. [Title](URL), Section: "excerpt"' for a web
    page, '1. Title (file name), Section: "excerpt"' for a file, '1. The author's own notes: "excerpt"'."""
    if not references:
        return ""
    lines = ["## References", ""]
    for r in references:
        where = f", {r.heading}" if r.heading and r.heading != r.title else ""
        if r.source_id == NOTES_ID:
            lines.append(f"{r.n}. {NOTES_SOURCE}: “{r.excerpt}”")
        elif re.match(r"https?://", r.location):
            lines.append(f"{r.n}. [{r.title or r.location}]({r.location}){where}: “{r.excerpt}”")
        else:
            name = r.location.replace("\\", "/").rsplit("/", 1)[-1]
            file = f" ({name})" if name and name != r.title else ""
            lines.append(f"{r.n}. {r.title or name}{file}{where}: “{r.excerpt}”")
    return "\n".join(lines) + "\n"


def report_lines(report: dict[str, Any]) -> list[str]:
    """One line per unsupported or invented claim, plus a summary line (for the CLI's stderr)."""
    lines = [f"claims: {report.get('claims', 0)}, supported {report.get('supported', 0)}, "
             f"unsupported {report.get('unsupported', 0)}, invented {report.get('invented', 0)}, "
             f"references {report.get('references', 0)} (mode: {report.get('mode')})"]
    for p in report.get("problems", []):
        lines.append(f"  {p['status']} [{p['action']}] {p['section']}: {p['sentence']} ({p['reason']})")
    return lines
