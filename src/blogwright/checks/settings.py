"""GateConfig: every threshold of every gate, with documented defaults, in one place.

The user's config file can override any field under `gates:`; `GateConfig.load()` merges it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from blogwright.core.config import section
from blogwright.core.errors import BadInput
from blogwright.core.registry import declared

ALL_GATES = ("glued", "spelling", "repetition", "terms", "length", "structure", "on_topic",
             "reading", "leaks", "voice", "seo", "expansions", "contradictions", "redefinition",
             "meta", "civility", "facts", "nonsense")

GATE_GROUP = "blogwright.gates"  # the entry-point group of plug-in gates (checks.runner.GATES)

DEFAULT_BLOCKING = ["glued", "repetition", "leaks", "structure", "length", "on_topic",
                    "terms", "expansions", "contradictions", "redefinition", "meta", "civility", "facts",
                    "nonsense"]


class GateConfig(BaseModel):
    """Thresholds for the quality gates. A gate is blocking when its name is in `blocking`."""

    model_config = ConfigDict(extra="forbid")

    blocking: list[str] = Field(default_factory=lambda: list(DEFAULT_BLOCKING),
                                description="gates whose failure fails the report")
    skip: list[str] = Field(default_factory=list, description="gates not to run at all")

    # glued / spelling
    max_glued: int = Field(0, description="glued words (certain splits) allowed")
    max_misspelled_ratio: float = Field(0.02, description="unknown words / words allowed")
    allow_words: list[str] = Field(default_factory=list, description="extra words never flagged")

    # repetition
    max_rep4: float = Field(0.15, description="max share of repeated 4-grams (rep-4)")
    min_distinct2: float = Field(0.45, description="min share of distinct bigrams (distinct-2)")
    max_repeated_sentences: int = Field(0, description="sentences said twice allowed")
    loop_similarity: float = Field(0.75, description="paragraphs this similar count as a loop")

    # substance (checks/terms.py, checks/substance*.py, checks/meta.py)
    max_invented_terms: int = Field(0, description="invented terms allowed")
    max_fabricated_expansions: int = Field(
        0, description="acronym expansions whose letters do not fit, or that differ from the notes, "
                       "sources, glossary or an earlier one in the post, allowed")
    max_contradictions: int = Field(0, description="sentences flipping a note or source sentence allowed")
    fact_min_shared: int = Field(2, description="key words a sentence must share with a note or source "
                                                "sentence to be compared with it")
    fact_min_share: float = Field(0.4, description="share of the shorter sentence's key words that "
                                                   "must be shared to compare the two")
    max_redefinitions: int = Field(0, description="key terms defined in two incompatible ways allowed")
    max_meta_talk: int = Field(0, description="sentences talking about the text itself allowed")
    max_nonsense: int = Field(0, description="sentences that relate a thing to itself or to its opposite, or open on "
                                             "a shouted made-up label, allowed (checks/nonsense.py)")

    # length (LongWriter S_l, 0..100)
    min_length_score: float = Field(50.0, description="min S_l: 50 = half or 2.5x the target")

    # structure
    min_sections: int = Field(3, description="## sections required when the plan is unknown")
    max_description_chars: int = Field(160, description="max meta description length")
    require_tldr: bool = Field(False, description="missing TL;DR is an error (else a warning)")
    require_front_matter: bool = Field(False, description="missing front matter is an error")
    template: bool = Field(False, description="hold every post to blogwright's template (TL;DR, the planned "
                           "sections, a wrap-up section); posts blogwright writes always are (`check --strict`)")

    # on-topic
    embeddings: bool = Field(True, description="use all-MiniLM-L6-v2; False: lexical fallback")
    min_topic_similarity: float = Field(0.10, description="min cosine(section, topic): error below")
    min_point_similarity: float = Field(0.10, description="min cosine(section, point): warning below")

    # voice (advisory by default): percentile of closeness among other voices' passages
    min_voice_percentile: float = Field(50.0, description="min voice percentile (0-100)")

    # reading level
    reading_tolerance: float = Field(2.0, description="FK grade allowed above the audience target")

    # SEO (advisory by default; add "seo" to `blocking` to refuse posts that fail it)
    seo_title_max: int = Field(60, description="max title characters before search results cut it")
    seo_description_min: int = Field(120, description="min meta description characters")
    seo_description_max: int = Field(160, description="max meta description characters")
    seo_max_keyword_density: float = Field(0.03, description="max share of words the main keyword may take")

    @field_validator("blocking", "skip")
    @classmethod
    def _known_gates(cls, v: list[str]) -> list[str]:
        unknown = [g for g in v if g not in ALL_GATES]
        if unknown:  # a plug-in's gate (core.registry) may be named too
            unknown = [g for g in unknown if g not in declared(GATE_GROUP)]
        if unknown:
            raise ValueError(f"unknown gate(s) {', '.join(unknown)}: use {', '.join(ALL_GATES)}")
        return v

    def is_blocking(self, gate: str) -> bool:
        return gate in self.blocking

    @classmethod
    def load(cls, **overrides: Any) -> GateConfig:
        """Defaults, then the config file's `gates:` section, then `overrides`."""

        data = {**section("gates"), **overrides}
        try:
            return cls(**data)
        except ValidationError as exc:
            msgs = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
                    for e in exc.errors()]
            raise BadInput("bad `gates` settings: " + "; ".join(msgs)) from None
