"""PassageIndex: the sources' passages with embeddings, cached on disk, searched within a token budget.

Each source's passages and vectors are cached in `data_dir()/index/<sha256>.npz`, keyed by the
source text, the embedding model and the passage sizes, so a second run embeds nothing. Scores
are cosine similarity plus a small bonus for shared content words (exact terms matter in facts).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from blogwright.core.io import save_cache
from blogwright.core.paths import data_dir
from blogwright.grounding.embed import Embedder, as_embedder, embedder_name
from blogwright.grounding.passages import MAX_WORDS, MIN_WORDS, Passage, split_passages
from blogwright.grounding.sources import Source
from blogwright.grounding.terms import lexical, stems

CACHE_VERSION = 3  # 3: a passage keeps its paragraphs (list items), stop 33
TOKENS_PER_WORD = 1.3
LEXICAL_BONUS = 0.15
SEARCH_MIN_SCORE = 0.3  # calibrated: related passages score 0.45-0.9, unrelated ones < 0.25
EVIDENCE_MIN_SCORE = 0.35  # below this a sentence is not evidence worth putting in a prompt


def estimate_tokens(text: str) -> int:
    return int(len(text.split()) * TOKENS_PER_WORD + 0.999)


@dataclass
class Hit:
    passage: Passage
    score: float
    text: str  # the passage, or its most relevant sentences when trimmed to the budget


def _cache_key(source: Source, model: str, min_words: int, max_words: int) -> str:
    head = f"v{CACHE_VERSION}\n{model}\n{min_words}-{max_words}\n"
    return hashlib.sha256((head + source.text).encode("utf-8")).hexdigest()


Cached = tuple[list[Passage], np.ndarray, list[str], np.ndarray]  # passages, vectors, sentences, vectors


def _load_cached(path: Path, source: Source) -> Cached | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            vectors = np.asarray(data["vectors"], dtype=np.float32)
            svectors = np.asarray(data["svectors"], dtype=np.float32)
            meta = json.loads(str(data["meta"]))
    except (OSError, ValueError, KeyError, json.JSONDecodeError):
        return None
    passages = [Passage(source_id=source.id, index=i, text=m["text"], heading=m["heading"],
                        word_start=m["word_start"]) for i, m in enumerate(meta["passages"])]
    sentences = meta["sentences"]
    ok = len(passages) == len(vectors) and len(sentences) == len(svectors)
    return (passages, vectors, sentences, svectors) if ok else None


def _save_cached(path: Path, data: Cached) -> None:
    passages, vectors, sentences, svectors = data
    meta = json.dumps({"passages": [{"text": p.text, "heading": p.heading, "word_start": p.word_start}
                                    for p in passages], "sentences": sentences})
    save_cache(path, lambda tmp: np.savez(tmp, vectors=vectors.astype(np.float32),
                                          svectors=svectors.astype(np.float32), meta=np.array(meta)))


class PassageIndex:
    """Passages of the sources with one embedding each; see `build`."""

    def __init__(self, sources: list[Source], passages: list[Passage], vectors: np.ndarray,
                 embedder: Embedder | None = None):
        self.sources = {s.id: s for s in sources}
        self.passages = passages
        self.vectors = vectors
        self._embedder = embedder
        self.sentence_vectors: dict[str, np.ndarray] = {}  # every passage sentence, embedded at build
        self._extra: dict[str, np.ndarray] = {}  # queries and claims embedded since
        self._stems: list[set[str]] | None = None
        self._text: str | None = None
        self.cache_hits = 0
        self.cache_misses = 0

    @property
    def embedder(self) -> Embedder:
        self._embedder = as_embedder(self._embedder)
        return self._embedder

    def __len__(self) -> int:
        return len(self.passages)

    @classmethod
    def build(cls, sources: list[Source], embedder: Embedder | None = None,
              cache_dir: str | Path | None = None, min_words: int = MIN_WORDS,
              max_words: int = MAX_WORDS) -> PassageIndex:
        """Split and embed the sources, reusing the on-disk cache (nothing embedded when all cached)."""
        cache = Path(cache_dir) if cache_dir else data_dir() / "index"
        model = embedder_name(as_embedder(embedder))  # MiniLM, or word overlap without its files
        all_passages: list[Passage] = []
        blocks: list[np.ndarray] = []
        index = cls(sources, [], np.zeros((0, 0), dtype=np.float32), embedder)
        for source in sources:
            path = cache / f"{_cache_key(source, model, min_words, max_words)}.npz"
            cached = _load_cached(path, source) if path.exists() else None
            if cached:
                passages, vectors, sentences, svectors = cached
                index.cache_hits += 1
            else:
                passages = split_passages(source, min_words, max_words)
                sentences = list(dict.fromkeys(s for p in passages for s in p.sentences))
                texts = [p.text for p in passages] + sentences
                both = index.embedder(texts) if texts else np.zeros((0, 1), np.float32)  # one call
                vectors, svectors = both[:len(passages)], both[len(passages):]
                _save_cached(path, (passages, vectors, sentences, svectors))
                index.cache_misses += 1
            index.sentence_vectors.update(zip(sentences, svectors))
            if passages:
                all_passages.extend(passages)
                blocks.append(vectors)
        index.passages = all_passages
        index.vectors = np.concatenate(blocks) if blocks else np.zeros((0, 0), dtype=np.float32)
        return index

    def source(self, source_id: str) -> Source | None:
        return self.sources.get(source_id)

    def texts(self) -> list[str]:
        return [s.text for s in self.sources.values()]

    def passages_text(self) -> str:
        """Every passage's text, a blank line between them: what the gates compare each draft with
        (`CheckContext.sources_text`); joined once, not for every paragraph checked."""
        if self._text is None:
            self._text = "\n\n".join(p.text for p in self.passages)
        return self._text

    def scores(self, query: str) -> np.ndarray:
        """Relevance of every passage: cosine similarity + LEXICAL_BONUS x shared content words."""
        if not self.passages:
            return np.zeros(0, dtype=np.float32)
        q = self.embed([query])[0]
        cos = self.vectors @ q
        if self._stems is None:
            self._stems = [stems(p.text) for p in self.passages]
        qs = stems(query)
        lex = np.array([len(qs & ps) / len(qs) if qs else 0.0 for ps in self._stems], dtype=np.float32)
        return cos + LEXICAL_BONUS * lex

    def top(self, query: str, k: int = 3) -> list[tuple[Passage, float]]:
        s = self.scores(query)
        order = np.argsort(-s)[:k]
        return [(self.passages[i], float(s[i])) for i in order]

    def embed(self, texts: list[str]) -> np.ndarray:
        """Vectors for texts: passage sentences come from the index, the rest in one model call."""
        known = self.sentence_vectors
        missing = [t for t in dict.fromkeys(texts) if t not in known and t not in self._extra]
        if missing:
            if len(self._extra) > 10_000:
                self._extra.clear()
            self._extra.update(zip(missing, self.embedder(missing)))
        if not texts:
            return np.zeros((0, self.vectors.shape[1] if self.vectors.size else 1), dtype=np.float32)
        return np.stack([known[t] if t in known else self._extra[t] for t in texts])

    def sentence_scores(self, query: str, sentences: list[str]) -> list[float]:
        """Relevance of each sentence to the query (same scale as `scores`)."""
        if not sentences:
            return []
        vecs = self.embed([query, *sentences])
        return [float(vecs[0] @ v) + LEXICAL_BONUS * lexical(query, s) for s, v in zip(sentences, vecs[1:])]

    def search(self, query: str, k: int = 3, max_tokens: int = 200,
               min_score: float = SEARCH_MIN_SCORE) -> list[Hit]:
        """The k most relevant passages that fit in max_tokens (words x 1.3); a passage that does
        not fit whole is cut down to its most relevant sentences; passages scoring under
        min_score are left out (an unrelated passage only distracts a small model)."""
        hits: list[Hit] = []
        left = max_tokens
        for passage, score in self.top(query, k):
            if left < 8 or score < min_score:
                break
            if estimate_tokens(passage.text) <= left:
                hits.append(Hit(passage, score, passage.text))
                left -= estimate_tokens(passage.text)
                continue
            sents = passage.sentences
            ranked = sorted(zip(self.sentence_scores(query, sents), range(len(sents))), reverse=True)
            keep: list[int] = []
            for _, i in ranked:
                if estimate_tokens(sents[i]) <= left:
                    keep.append(i)
                    left -= estimate_tokens(sents[i])
            if keep:
                hits.append(Hit(passage, score, " ".join(sents[i] for i in sorted(keep))))
        return hits

    def evidence_sentences(self, query: str, max_words: int = 60, k: int = 3,
                           min_score: float = EVIDENCE_MIN_SCORE) -> list[tuple[str, Passage, float]]:
        """The most relevant sentences of the top k passages, best first, within max_words."""
        found: list[tuple[float, str, Passage]] = []
        for passage, _ in self.top(query, k):
            sents = passage.sentences
            found += [(sc, s, passage) for sc, s in zip(self.sentence_scores(query, sents), sents)]
        out: list[tuple[str, Passage, float]] = []
        words = 0
        for sc, s, passage in sorted(found, key=lambda x: -x[0]):
            n = len(s.split())
            if sc < min_score or any(s == o for o, _, _ in out):
                continue
            if words + n > max_words:
                if out:
                    continue
                s = " ".join(s.split()[:max_words]).rstrip(",;:") + "..."
                n = max_words
            out.append((s, passage, sc))
            words += n
        return out

    def evidence(self, query: str, max_words: int = 60) -> str:
        """Evidence text for a prompt: the best sentences for the query, at most max_words words."""
        return " ".join(s for s, _, _ in self.evidence_sentences(query, max_words))
