"""A write with its inputs loaded and its run logged: what `api.write` (one post, saved to a file)
and a batch (many posts, saved under fixed names) share. Files are their business, not this one's."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import numpy as np

from blogwright import embeddings
from blogwright.backends.base import Backend
from blogwright.checks import GateConfig
from blogwright.core.errors import BadInput
from blogwright.grounding import PassageIndex, Source, default_embedder, load_sources
from blogwright.grounding.embed import Embedder, embedder_name
from blogwright.model.events import Note, SectionProgress, StageStarted
from blogwright.model.post import Post
from blogwright.model.report import StageCost
from blogwright.model.request import STDOUT, WriteRequest
from blogwright.pipeline.context import EventSink
from blogwright.pipeline.found import make_finder
from blogwright.pipeline.run import Interview, write_post
from blogwright.pipeline.verdict import make_verdict
from blogwright.render import post_words, render
from blogwright.store import Store
from blogwright.voices import Voice


def preload_embeddings() -> None:
    """Load the embedding model the checks need on a background thread, while the model drafts
    (it takes ~7 s of mostly one core; decoding uses the other)."""
    if embeddings.loaded() or embeddings.failure() is not None or embeddings.model_path() is None:
        return
    threading.Thread(target=embeddings.load_model, name="blogwright-embeddings", daemon=True).start()


def load_index(sources: list[str], on_event: EventSink | None = None,
               extra: list[Source] | None = None) -> PassageIndex | None:
    """Load and index the user's sources (and `extra` ones already loaded: notes that name their
    page); unusable ones become notes, the run goes on with the rest. None when there are none."""
    if not sources and not extra:
        return None
    loaded = load_sources(sources)
    for problem in loaded.problems:
        if on_event:
            on_event(Note(stage="plan", text=f"source skipped: {problem}"))
    if sources and not loaded.sources:
        raise BadInput("none of the --source files or URLs could be used: " + "; ".join(loaded.problems))
    return build_index(loaded.sources + list(extra or []), on_event)


def build_index(sources: list[Source], on_event: EventSink | None = None) -> PassageIndex:
    """The sources' PassageIndex (cached on disk by content), with progress when embedding is long."""
    embedder = default_embedder()
    if on_event is not None:
        embedder = ProgressEmbedder(embedder, on_event)
    return PassageIndex.build(sources, embedder=embedder)


class ProgressEmbedder:
    """An embedder that embeds in batches and reports each batch as progress ("indexing sources:
    1,024 of 9,120 passages and sentences"): a big source takes minutes the first time."""

    BATCH = 256

    def __init__(self, embedder: Embedder, on_event: EventSink):
        self.embedder, self.on_event = embedder, on_event
        self.name = embedder_name(embedder)  # the index cache is keyed by the model's name

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) <= self.BATCH:
            return self.embedder(texts)
        self.on_event(StageStarted(stage="plan", total=len(texts)))
        parts = []
        for start in range(0, len(texts), self.BATCH):
            parts.append(self.embedder(texts[start:start + self.BATCH]))
            done = min(len(texts), start + self.BATCH)
            self.on_event(SectionProgress(stage="plan", phase="done", index=done, total=len(texts),
                                          heading=f"indexing sources: {done:,} of {len(texts):,} passages and sentences"))
        return np.concatenate(parts)


def write_logged(request: WriteRequest, voice: Voice, backend: Backend, store: Store, *, index: PassageIndex | None = None,
                 on_event: EventSink | None = None, ask: Interview | None = None) -> tuple[Post, float]:
    """Write the post and record the finished run in the log (every part, title, TL;DR, tags: before
    any file is written, so when the file cannot be written nothing is lost). (post, seconds)."""
    finder = make_finder(store, index, request, build_index, on_event)  # research, the library
    t0 = time.perf_counter()
    gates = GateConfig.load()  # the settings in force: the config's `gates:` too
    post = write_post(request, voice, backend, store, on_event=on_event, index=index,
                      ask=ask if request.interview or request.offer_interview else None, gates=gates, finder=finder)
    seconds = round(time.perf_counter() - t0, 2)
    if post.report is not None:  # one figure: the report's seconds are the write's, the rest in "other"
        post.report.stages.setdefault("other", StageCost()).seconds += max(0.0, seconds - post.report.seconds)
        post.report.seconds = seconds
    dumped = post.model_dump(mode="json")
    store.finish_run(post.run_id, "done", output_path=STDOUT if request.to_stdout else None, words=post_words(post),
                     duration_s=seconds, post=dumped, report=dumped["report"])
    if post.report is not None and post.report.checks is not None:  # one verdict: `check`/`publish` give it back
        store.set_verdict(post.run_id, make_verdict(render(post, "md"), post.report.checks, gates))
    return post, seconds
