"""What the pipeline calls: evidence for the plan's sections, and one call after drafting that checks
every section's claims, cites them and measures note coverage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from blogwright.grounding.cite import CitedResult, Mode, Rewriter, cite, references_markdown
from blogwright.grounding.claims import ClaimVerdict, check_claims, extract_claims
from blogwright.grounding.coverage import NoteCoverage, coverage
from blogwright.grounding.embed import Embedder
from blogwright.grounding.evidence import FOUND_KINDS, found_topic_words, on_topic, one_sentence, quote_found
from blogwright.grounding.index import PassageIndex
from blogwright.grounding.terms import lexical
from blogwright.text.english import stands_alone, unintroduced
from blogwright.text.sentences import split_sentences

EVIDENCE_WORDS = 60  # per section: what a 135M model can take in a prompt beside its instruction
SENTENCE_WORDS = 35  # longer source sentences are skipped as facts (a small model garbles them)
FOUND_PASSAGES = 6  # passages searched per section for facts when found pages are filtered by topic


def evidence_for_sections(index: PassageIndex | None, sections: list[tuple[str, str]],
                          facts: list[list[str]] | None = None, max_words: int = EVIDENCE_WORDS,
                          max_sentences: int = 2, topic: str = "") -> list[list[str]]:
    """Source sentences to add to each section's facts: (heading, point) in, sentences out.

    Notes come first: a section's words already taken by its notes (`facts`) count against
    max_words, sentences that repeat any note are skipped, and no sentence goes to two sections.
    `topic` (given on an untrusted model): a sentence from a page the write found for itself must
    name one of the topic's own words (`grounding.evidence.on_topic`).
    """
    out: list[list[str]] = [[] for _ in sections]
    if index is None or not len(index):
        return out
    wanted = found_topic_words(index, topic)
    facts = facts or [[] for _ in sections]
    all_facts = [f for fs in facts for f in fs]
    used: set[str] = set()
    for i, (heading, point) in enumerate(sections):
        budget = max_words - sum(len(f.split()) for f in facts[i])
        # found pages' sentences are filtered harder (topic, one sentence): look at more passages for them
        more = {"k": FOUND_PASSAGES, "max_words": max_words * 4} if wanted else {"max_words": max_words * 2}
        query = f"{topic} {heading}: {point}" if wanted else f"{heading}: {point}"  # as research searched for it
        for sentence, passage, _ in index.evidence_sentences(query, **more):
            n = len(sentence.split())
            if len(out[i]) >= max_sentences or budget < 8:
                break
            if n > min(budget, SENTENCE_WORDS) or sentence in used or sentence.endswith("...") \
                    or not stands_alone(sentence):
                continue
            src = index.sources.get(passage.source_id)
            if src is not None and src.kind in FOUND_KINDS and not (
                    on_topic(sentence, wanted, src.title) and one_sentence(sentence)
                    and not unintroduced(sentence, f"{topic} {src.title} {passage.heading} {heading} {point}")):
                continue
            if any(lexical(sentence, f) >= 0.6 or lexical(f, sentence) >= 0.6 for f in all_facts):
                continue
            out[i].append(sentence)
            used.add(sentence)
            budget -= n
    return out


@dataclass
class GroundedPost:
    sections: list[tuple[str, str]]  # the sections with [n] markers (and cuts or rewrites)
    references_md: str  # "## References" ... ("" when nothing was cited)
    cited: CitedResult
    verdicts: list[ClaimVerdict]
    coverage: list[NoteCoverage] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """JSON-ready summary for Post.report['grounding']."""
        return {**self.cited.report,
                "notes_used": [c.note for c in self.coverage if c.covered],
                "notes_dropped": [c.note for c in self.coverage if not c.covered]}


def ground(sections: list[tuple[str, str]], notes: list[str], index: PassageIndex | None = None, *,
           mode: Mode = "flag", known: Iterable[str] = (), rewrite: Rewriter | None = None,
           embedder: Embedder | None = None, strict: bool = False, canned: Iterable[str] = ()) -> GroundedPost:
    """Claims of every section checked against notes + sources, cited, and note coverage measured.

    Pass the intro and conclusion as sections too (heading "" or "intro"); `known` is the topic,
    title and keywords (their terms are never 'invented'). `strict` (an untrusted model): plain
    statements are claims too, a claim must restate one passage, and a section may be cut empty;
    a claim backed by a page the write found (research, library) must quote it word for word.
    Not strict, a sentence that names nothing to check but restates a note or passage is cited too.
    """
    known = list(known)
    canned = [s for line in canned for s in split_sentences(line)]  # the voice's openers and sign-offs
    claims = [c for heading, text in sections
              for c in extract_claims(text, heading, strict=strict, known=known, canned=canned)]
    verdicts = check_claims(claims, notes, index, known=known, embedder=embedder, strict=strict)
    if strict:
        verdicts = quote_found(verdicts, index, known[0] if known else "")
    elif notes or index is not None:
        verdicts += restated(sections, {c.sentence for c in claims}, notes, index, known, embedder, canned)
    cited = cite(sections, verdicts, mode, rewrite, keep_one=not strict)
    covered = coverage(notes, cited.sections, embedder=embedder or (index.embedder if index else None))
    return GroundedPost(cited.sections, references_markdown(cited.references), cited, verdicts, covered)


def restated(sections: list[tuple[str, str]], claims: set[str], notes: list[str], index: PassageIndex | None,
             known: list[str], embedder: Embedder | None, canned: list[str]) -> list[ClaimVerdict]:
    """The supported verdicts of sentences that the lenient claim finder let pass (no name, number or
    term: "Calling git stash without any arguments is equivalent to git stash push.") but that restate
    one note or passage, as the strict check reads them: a fact taken from a page, a library file or a
    cited note keeps its source in the post. Sentences that restate nothing stay uncited and unflagged."""
    extra = [c for heading, text in sections
             for c in extract_claims(text, heading, strict=True, known=known, canned=canned) if c.sentence not in claims]
    return [v for v in check_claims(extra, notes, index, known=known, embedder=embedder, strict=True)
            if v.status == "supported" and v.evidence]
