"""Facts: the claims a post itself marks as unverified (issue 22).

A post written by a model that is not trusted with facts (or with claims no note or source backs)
carries them in its front matter:

    fact_check: needed
    claims_to_check: 2
    check_claims:
      - "SQLite runs on the server."
      - "It was released in 2004."

Each listed sentence still in the post (title, TL;DR, description or body) is an error: a post that
says things nobody checked does not pass. The user clears one by checking it and deleting its entry
(or by deleting or rewriting the sentence); `publish` refuses the post until then, unless `--force`.
"""

from __future__ import annotations

from typing import Any

from blogwright.checks.settings import GateConfig
from blogwright.checks.substance_text import SentenceFinding, clip, post_sentences, prose
from blogwright.checks.types import CheckContext, GateResult
from blogwright.text.citations import strip_markers
from blogwright.text.document import ParsedMarkdown, parse_markdown

FIELD = "check_claims"


def _key(text: str) -> str:
    return " ".join(strip_markers(prose(text)).split()).strip(" .!?").lower()


def listed_claims(front_matter: dict[str, Any] | None) -> list[str]:
    """The front matter's `check_claims` entries (strings only; anything else is ignored)."""
    items = (front_matter or {}).get(FIELD) or []
    if isinstance(items, str):
        items = [items]
    return [str(x).strip() for x in items if isinstance(x, (str, int, float)) and str(x).strip()] \
        if isinstance(items, list) else []


def gate_facts(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    """Every `check_claims` entry still in the post is a finding (blocking by default)."""
    blocking = config.is_blocking("facts")
    listed = listed_claims(doc.front_matter)
    where_of: dict[str, tuple[str, str]] = {}
    for where, sentence in post_sentences(doc, headings=False):
        where_of.setdefault(_key(sentence), (where, sentence))
    findings, rows = [], []
    for claim in listed:
        k = _key(claim)
        hit = where_of.get(k) or next((v for s, v in where_of.items() if k and k in s), None)
        if hit is None:
            continue  # rewritten or deleted: nothing left to check
        where, sentence = hit
        rows.append({"where": where, "sentence": sentence})
        findings.append(SentenceFinding("facts", "error" if blocking else "warning",
                                        f"unverified claim: no note or source backs it in “{clip(prose(sentence))}”",
                                        where, "check it and delete its entry under `check_claims` in the front "
                                        "matter, or rewrite or delete the sentence", sentence))
    never = never_listed(doc.front_matter)
    if never:  # fail safe: a post that needs a check but lists nothing would otherwise pass unchecked
        findings.append(SentenceFinding("facts", "error" if blocking else "warning", never, "front matter",
                                        "list its claims under `check_claims` (one sentence each; "
                                        "`write` does this) or check the whole post yourself and remove `fact_check`", ""))
    n = len(rows) + bool(never)
    value = {"count": len(rows), "listed": len(listed), "sentences": rows, "never_listed": bool(never)}
    return GateResult("facts", n == 0, blocking, 1.0 if n == 0 else max(0.0, 1 - 0.1 * n), value, findings)


def never_listed(front_matter: dict[str, Any] | None) -> str:
    """Why a post that says `fact_check: needed` has no usable claims list ("" when it has one). An
    emptied list (every entry checked and deleted, so YAML reads it as null) is a list; a missing key
    (a Ctrl-C draft of an older version) or a mapping/number is not."""
    fm = front_matter or {}
    if str(fm.get("fact_check") or "").strip().lower() != "needed":
        return ""
    if FIELD not in fm:
        return "claims were never listed: the post says `fact_check: needed` but has no `check_claims` list"
    if fm[FIELD] is not None and not isinstance(fm[FIELD], (list, str)):
        return "claims were never listed: `check_claims` is not a list of sentences"
    return ""


def unverified_claims(markdown: str) -> list[str]:
    """The `check_claims` entries still in a post (what `publish` names when it refuses one)."""
    from_doc = gate_facts(parse_markdown(markdown), None, GateConfig(embeddings=False))
    return [row["sentence"] for row in from_doc.value["sentences"]]
