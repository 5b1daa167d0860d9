"""Grounded posts: the user's notes and sources in, claims checked against them, citations out.

    loaded = load_sources(["guide.md", "spec.pdf", "https://example.com/page"])  # + loaded.problems
    index = PassageIndex.build(loaded.sources)            # cached under data_dir()/index
    extra = evidence_for_sections(index, [(heading, point), ...], facts)  # plan: notes first
    result = ground(sections, notes, index, mode="flag", known=[topic, title])  # after drafting
"""

from __future__ import annotations

from .cite import MODES, CitedResult, Reference, cite, references_markdown, report_lines, strip_markers
from .claims import Claim, ClaimVerdict, Evidence, check_claims, claim_reasons, extract_claims
from .coverage import NoteCoverage, coverage, coverage_report
from .embed import GroundingError, default_embedder
from .ground import GroundedPost, evidence_for_sections, ground
from .index import Hit, PassageIndex, estimate_tokens
from .passages import Passage, split_passages
from .sources import LoadResult, NotesResult, Source, load_notes, load_sources, notes_source, parse_notes
from .terms import Corpus

__all__ = [
    "MODES", "CitedResult", "Claim", "ClaimVerdict", "Corpus", "Evidence", "GroundedPost", "GroundingError",
    "Hit", "LoadResult", "NoteCoverage", "NotesResult", "Passage", "PassageIndex", "Reference", "Source",
    "check_claims", "cite", "claim_reasons", "coverage", "coverage_report", "default_embedder",
    "estimate_tokens", "evidence_for_sections", "extract_claims", "ground", "load_notes", "load_sources",
    "notes_source", "parse_notes", "references_markdown", "report_lines", "split_passages", "strip_markers",
]
