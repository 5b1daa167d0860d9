"""Grounded posts: the user's notes and sources in, claims checked against them, citations out.

    loaded = load_sources(["guide.md", "spec.pdf", "https://example.com/page"])  # + loaded.problems
    index = PassageIndex.build(loaded.sources)            # cached under data_dir()/index
    extra = evidence_for_sections(index, [(heading, point), ...], facts)  # plan: notes first
    result = ground(sections, notes, index, mode="flag", known=[topic, title])  # after drafting
"""

from __future__ import annotations

from blogwright.grounding.account import account_markdown, post_sentences
from blogwright.grounding.cite import MODES, CitedResult, Reference, cite, references_markdown, report_lines, strip_markers
from blogwright.grounding.claims import Claim, ClaimVerdict, Evidence, check_claims, claim_reasons, extract_claims
from blogwright.grounding.coverage import NoteCoverage, coverage, coverage_report
from blogwright.grounding.embed import GroundingError, default_embedder
from blogwright.grounding.ground import GroundedPost, evidence_for_sections, ground
from blogwright.grounding.index import Hit, PassageIndex, estimate_tokens
from blogwright.grounding.passages import Passage, split_passages
from blogwright.grounding.sources import LoadResult, NotesResult, Source, load_notes, load_sources, notes_source, parse_notes
from blogwright.grounding.terms import Corpus

__all__ = [
    "MODES", "CitedResult", "account_markdown", "post_sentences", "Claim", "ClaimVerdict", "Corpus", "Evidence", "GroundedPost", "GroundingError",
    "Hit", "LoadResult", "NoteCoverage", "NotesResult", "Passage", "PassageIndex", "Reference", "Source",
    "check_claims", "cite", "claim_reasons", "coverage", "coverage_report", "default_embedder",
    "estimate_tokens", "evidence_for_sections", "extract_claims", "ground", "load_notes", "load_sources",
    "notes_source", "parse_notes", "references_markdown", "report_lines", "split_passages", "strip_markers",
]
