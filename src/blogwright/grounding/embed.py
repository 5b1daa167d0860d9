"""Embedders for grounding: callables from texts to L2-normalised float32 rows.

The default is all-MiniLM-L6-v2 from `blogwright.embeddings`, the process's one loader and one
vector cache. Without the embedding files the default is `word_overlap` (hashed content-word stems,
so the cosine measures shared words): grounding still runs, `blogwright.embeddings` has said once
why and how to install the files, and verdicts are rougher (the thresholds were calibrated on
MiniLM). Tests and callers may pass their own embedder.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from blogwright import embeddings
from blogwright.core.errors import GroundingError
from blogwright.grounding.terms import stems

Embedder = Callable[[Sequence[str]], np.ndarray]
MODEL_NAME = embeddings.MODEL_NAME
WORD_OVERLAP = "word-overlap"
OVERLAP_DIM = 2048


def model_path() -> Path:
    """The embedding files' folder; GroundingError (with the install command) when missing."""
    path = embeddings.model_path()
    if path is None:
        raise GroundingError(embeddings.missing_message())
    return path


def minilm(texts: Sequence[str]) -> np.ndarray:
    """Embed with all-MiniLM-L6-v2: one L2-normalised float32 row per text."""
    if not texts:
        return np.zeros((0, embeddings.DIM), dtype=np.float32)
    try:
        return embeddings.embed(list(texts))
    except embeddings.EmbeddingsUnavailable as exc:
        raise GroundingError(str(exc)) from None


minilm.name = MODEL_NAME  # type: ignore[attr-defined]


def word_overlap(texts: Sequence[str]) -> np.ndarray:
    """The no-model fallback: each text's content-word stems hashed into a normalised vector."""

    vecs = np.zeros((len(texts), OVERLAP_DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        for s in stems(text):
            vecs[i, zlib.crc32(s.encode()) % OVERLAP_DIM] = 1.0
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)


word_overlap.name = WORD_OVERLAP  # type: ignore[attr-defined]


def default_embedder() -> Embedder:
    """MiniLM when its files load (vectors cached per text by `blogwright.embeddings`), else word overlap."""
    return minilm if embeddings.available() else word_overlap


def embedder_name(embedder: Embedder) -> str:
    return str(getattr(embedder, "name", type(embedder).__name__))


def as_embedder(embedder: Embedder | None) -> Embedder:
    return default_embedder() if embedder is None else embedder
