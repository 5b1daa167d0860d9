"""Every sentence of a post accounted for (issue 22): supported (with the passage that backs it), no
checkable claim (transition, opinion, advice, voice), or unsupported, by the strict check of
`claims.py`. Used by the truth benchmark to measure posts from any code the same way."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from blogwright.grounding.claims import check_claims, extract_claims
from blogwright.grounding.embed import Embedder
from blogwright.grounding.evidence import quote_found
from blogwright.grounding.index import PassageIndex
from blogwright.text.citations import strip_markers
from blogwright.text.document import parse_markdown
from blogwright.text.sentences import split_sentences

BACK_MATTER = re.compile(r"\n#{1,3}\s+(?:References|Sources)\s*\n.*\Z", re.S)


def post_sentences(markdown: str) -> list[tuple[str, str]]:
    """(where, sentence) for the title, the TL;DR and every body sentence, citation markers removed."""
    doc = parse_markdown(BACK_MATTER.sub("\n", markdown))
    out = [("title", doc.title)] if doc.title else []
    for b in doc.prose_blocks(with_tldr=True):
        for p in b.paragraphs:
            if p.kind in ("table", "html", "code"):
                continue
            out += [(b.heading or b.label or "intro", strip_markers(s)) for s in split_sentences(p.text)]
    return out


def account_markdown(markdown: str, notes: list[str], index: PassageIndex | None = None, *,
                     known: Iterable[str] = (), embedder: Embedder | None = None,
                     canned: Iterable[str] = ()) -> dict[str, Any]:
    """Counts (sentences, supported, no_claim, unsupported) and one row per sentence:
    {"where", "sentence", "status", "passage" (the backing passage's id or "notes"), "reason"}."""
    known = list(known)
    sentences = post_sentences(markdown)
    canned = [s for line in canned for s in split_sentences(line)]
    claims = [c for where, s in sentences for c in extract_claims(s, where, strict=True, known=known, canned=canned)]
    checked = check_claims(claims, notes, index, known=known, embedder=embedder, strict=True)
    verdicts = {v.sentence: v for v in quote_found(checked, index, known[0] if known else "")}  # found pages: quoted
    rows = []
    for where, s in sentences:
        v = verdicts.get(s.strip())
        if v is None:
            rows.append({"where": where, "sentence": s, "status": "no_claim", "passage": "", "reason": ""})
            continue
        status = "supported" if v.status == "supported" else "unsupported"
        passage = (v.evidence.passage.id if v.evidence and v.evidence.passage else "notes") if status == "supported" else ""
        rows.append({"where": where, "sentence": s, "status": status, "passage": passage, "reason": v.reason})
    return {"sentences": len(rows), "supported": sum(r["status"] == "supported" for r in rows),
            "no_claim": sum(r["status"] == "no_claim" for r in rows),
            "unsupported": sum(r["status"] == "unsupported" for r in rows), "rows": rows}
