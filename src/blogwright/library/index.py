"""The user's library: folders and files of Markdown, text, HTML, PDF and .zim, indexed into the log.

    lib = Library(store)
    report = lib.add(["~/notes", "~/wiki.zim"], progress=lambda done, total, path: ...)
    hits = lib.search("what a reflog keeps", k=5)
    sources = lib.sources_for(["topic", "heading: point", ...])   # grounding.Source, as --source makes

`add` is incremental: a file whose size and modification time have not changed is not read at all;
one whose bytes hash the same is only touched; a changed one is split into passages
(`grounding.split_passages`) and embedded again; a file gone from an added folder is forgotten.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from blogwright.core.errors import BadInput, SourceProblem
from blogwright.core.io import read_bytes
from blogwright.core.limits import limit
from blogwright.grounding import Source, split_passages
from blogwright.grounding.embed import Embedder, as_embedder
from blogwright.grounding.sources import KINDS, parse_bytes
from blogwright.library import zim
from blogwright.library.db import FileRow, LibraryDB, PassageRow
from blogwright.store import Store
from blogwright.text.tokens import overlap, stems

SUFFIXES = {**KINDS, ".zim": "zim"}
SKIP_DIRS = {".git", ".obsidian", ".trash", "node_modules", "__pycache__", ".venv", "public", "resources"}
EMBED_BATCH = 256  # passages embedded per model call
LEXICAL_BONUS = 0.15  # as grounding.index: shared terms count beside cosine similarity
MIN_SCORE = 0.3
RERANK = 20  # the best by cosine whose shared terms are counted too
Progress = Callable[[int, int, str], None]


@dataclass
class AddReport:
    files: int = 0  # files seen
    added: int = 0  # new or changed, read and embedded
    unchanged: int = 0  # not read (same size and time) or read and found the same
    removed: int = 0  # gone from an added folder
    passages: int = 0  # passages embedded
    read: int = 0  # files whose bytes were read
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dict(vars(self))


@dataclass
class LibraryHit:
    score: float
    title: str
    location: str
    heading: str
    text: str


def walk(paths: list[str]) -> Iterator[tuple[Path, Path | None]]:
    """(file, the folder it was found under or None) for every library file under the paths."""
    for raw in paths:
        p = Path(raw).expanduser().resolve()
        if p.is_file():
            yield p, None
        elif p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in SUFFIXES and not name.startswith("."):
                        yield Path(root) / name, p
        else:
            raise BadInput(f"{raw}: no such file or folder")


class Library:
    def __init__(self, store: Store, embedder: Embedder | None = None):
        self.db = LibraryDB(store)
        self._embedder = embedder

    @property
    def embedder(self) -> Embedder:
        self._embedder = as_embedder(self._embedder)
        return self._embedder

    def add(self, paths: list[str], progress: Progress | None = None) -> AddReport:
        files = list(walk(paths))
        report = AddReport(files=len(files))
        known = {row.path: row for row in self.db.files()}  # one query, not one per file
        pending: list[tuple[str, str, int, float, str, str, list[tuple[str, str, str, str]], str]] = []
        queued = 0
        for done, (path, _) in enumerate(files, 1):
            try:
                item = self._read(path, known.get(str(path)), report)
            except SourceProblem as exc:
                report.problems.append(str(exc))
                item = None
            if item is not None:
                pending.append(item)
                queued += len(item[6])
                if queued >= EMBED_BATCH:
                    self._flush(pending, report)
                    pending, queued = [], 0
            if progress:
                progress(done, len(files), str(path))
        self._flush(pending, report)
        seen = {str(p) for p, _ in files}
        folders = tuple(str(Path(p).expanduser().resolve()).rstrip("/") + "/" for p in paths if Path(p).expanduser().is_dir())
        for path_text in known:
            if folders and path_text.startswith(folders) and path_text not in seen:
                report.removed += self.db.remove(path_text)
        return report

    def _read(self, path: Path, row: FileRow | None, report: AddReport):
        st = path.stat()
        if row is not None and row.size == st.st_size and abs((row.mtime or 0) - st.st_mtime) < 1e-6:
            report.unchanged += 1
            return None
        kind = SUFFIXES.get(path.suffix.lower(), "text")
        if kind == "zim":
            return self._read_zim(path, st, row, report)
        if st.st_size > limit("source"):
            raise SourceProblem(f"{path}: over the {limit('source'):,}-byte limit for a source; skipped")
        report.read += 1
        data = read_bytes(path, "library file", "source")
        digest = hashlib.sha256(data).hexdigest()
        if row is not None and row.sha256 == digest:
            self.db.touch(row.id, st.st_size, st.st_mtime)
            report.unchanged += 1
            return None
        title, kind, text = parse_bytes(data, str(path), kind, path.stem)
        src = Source(id="lib", title=title, location=str(path), kind=kind, text=text)
        rows = [(title, str(path), p.heading, p.text) for p in split_passages(src)]
        return (str(path), digest, st.st_size, st.st_mtime, kind, title, rows, "")

    def _read_zim(self, path: Path, st: os.stat_result, row, report: AddReport):
        report.read += 1
        digest = f"zim:{st.st_size}:{st.st_mtime}"  # hashing gigabytes is not worth it: size + time
        if row is not None and row.sha256 == digest:
            report.unchanged += 1
            return None
        title, count, indexed = zim.info(path)
        if count > zim.EMBED_MAX and indexed:  # searched through its own index at query time
            return (str(path), digest, st.st_size, st.st_mtime, "zim-search", title, [], "")
        rows = []
        for art in zim.articles(path):
            src = Source(id="lib", title=art.title, location=f"{path}#{art.path}", kind="html", text=art.text)
            rows += [(art.title, f"{path}#{art.path}", p.heading, p.text) for p in split_passages(src)]
        return (str(path), digest, st.st_size, st.st_mtime, "zim", title, rows, "")

    def _flush(self, pending, report: AddReport) -> None:
        texts = [r[3] for item in pending for r in item[6]]
        vectors = self._embed(texts)
        at = 0
        for path, digest, size, mtime, kind, title, rows, problem in pending:
            vecs = vectors[at:at + len(rows)]
            at += len(rows)
            self.db.put_file(path, digest, size, mtime, kind, title,
                             [(*r, v) for r, v in zip(rows, vecs)], problem)
            report.added += 1
            report.passages += len(rows)
        self.db.db.commit()

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        parts = [self.embedder(texts[i:i + EMBED_BATCH]) for i in range(0, len(texts), EMBED_BATCH)]
        return np.concatenate(parts).astype(np.float32)

    def remove(self, paths: list[str]) -> int:
        return sum(self.db.remove(str(Path(p).expanduser().resolve())) or self.db.remove(p) for p in paths)

    def search(self, query: str, k: int = 5, min_score: float = MIN_SCORE) -> list[LibraryHit]:
        """The k best passages for `query`: cosine over every vector, shared terms added on the best
        RERANK; big ZIM files are asked through their own full-text index."""
        q = np.asarray(self.embedder([query])[0], dtype=np.float32)
        ids, vectors = self.db.matrix()
        hits: list[LibraryHit] = []
        if len(ids) and vectors.shape[1] != len(q):
            raise BadInput("the library was indexed with another embedding model: add its folders again "
                           "(blogwright library remove PATH, then add)")
        if len(ids):
            cos = np.asarray(vectors @ q)
            n = min(RERANK, len(cos))
            top = np.argpartition(-cos, n - 1)[:n] if len(cos) > n else np.arange(len(cos))
            by_id = {r.id: r for r in self.db.passages([int(ids[i]) for i in top])}
            qs = stems(query)
            for i in top:
                r: PassageRow | None = by_id.get(int(ids[i]))
                if r is not None:
                    shared = len(qs & stems(r.text)) / len(qs) if qs else 0.0
                    hits.append(LibraryHit(float(cos[i]) + LEXICAL_BONUS * shared, r.title, r.location, r.heading, r.text))
        hits += self._zim_hits(query, q)
        hits = [h for h in sorted(hits, key=lambda h: -h.score) if h.score >= min_score]
        return hits[:k]

    def _zim_hits(self, query: str, q: np.ndarray) -> list[LibraryHit]:
        out: list[LibraryHit] = []
        if self.db.zim_search_files == 0:  # counted by search's matrix() a moment ago
            return out
        for path in self.db.paths_of_kind("zim-search"):
            for art in zim.search(Path(path), query, n=5):
                src = Source(id="lib", title=art.title, location=f"{path}#{art.path}", kind="html", text=art.text)
                passages = split_passages(src)
                if not passages:
                    continue
                vecs = self.embedder([p.text for p in passages])
                for p, v in zip(passages, vecs):
                    score = float(np.asarray(v) @ q) + LEXICAL_BONUS * overlap(query, p.text)
                    out.append(LibraryHit(score, art.title, src.location, p.heading, p.text))
        return out

    def sources_for(self, queries: list[str], per_query: int = 3) -> list[Source]:
        """The library's best passages for each query, as Sources (one per file or article: its
        title, its path as the location) that the pipeline indexes, cites and checks like --source."""
        grouped: dict[tuple[str, str], list[str]] = {}
        for query in queries:
            for hit in self.search(query, k=per_query):
                texts = grouped.setdefault((hit.title, hit.location), [])
                block = f"# {hit.heading}\n\n{hit.text}" if hit.heading and not texts else hit.text
                if hit.text not in texts and block not in texts:
                    texts.append(block)
        return [Source(id=f"l{i}", title=title or Path(loc).stem, location=loc, kind="library", text="\n\n".join(texts))
                for i, ((title, loc), texts) in enumerate(grouped.items(), 1)]

    def files(self):
        return self.db.files()

    def count(self) -> tuple[int, int]:
        return self.db.count()
