"""The library entry point the CLI (and any other front end) calls: one function per action."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from blogwright import embeddings
from blogwright.backends import get_backend
from blogwright.backends.base import Backend, close_backend, conform
from blogwright.checks import CheckContext, GateConfig, Report, implied_target, parse_markdown
from blogwright.core.errors import BadInput
from blogwright.core.io import read_text
from blogwright.core.paths import data_dir
from blogwright.grounding import PassageIndex, default_embedder, load_sources
from blogwright.grounding.embed import Embedder, embedder_name
from blogwright.model.brief import Audience, Brief
from blogwright.model.events import Note, SectionProgress, StageStarted
from blogwright.model.post import Post
from blogwright.model.report import Finding, RunReport
from blogwright.model.request import STDOUT, Front, WriteRequest, make_front, make_request
from blogwright.pipeline.context import EventSink
from blogwright.pipeline.gates import check_post
from blogwright.pipeline.run import Interrupted, Interview, write_post
from blogwright.publish import GateContext, logged_context
from blogwright.render import render, write_post_file
from blogwright.store import Store
from blogwright.voices import load_voice

__all__ = ["STDOUT", "Front", "Interrupted", "ProgressEmbedder", "RunReport", "WriteRequest", "WriteResult", "check_file",
           "check_out_dir", "load_index", "make_front", "make_request", "open_store", "preload_embeddings", "recover",
           "write"]


@dataclass
class WriteResult:
    post: Post
    path: Path | None  # None when the post went to stdout (`text`)
    seconds: float
    text: str = ""


def open_store(no_log: bool = False) -> Store:
    return Store(None if no_log else "default")


def write(request: WriteRequest | Brief, *, backend: Backend | None = None, on_event: EventSink | None = None,
          ask: Interview | None = None, **options: Any) -> WriteResult:
    """Write the post `request` asks for and save it (`out_dir="-"`: no file, the rendered post is
    returned as `.text`). A Brief alone is a request with the default options; `options` (fields of
    `WriteRequest`: model=, seed=, out_dir=, ...) change the request's. `ask`: asks questions derived
    from the outline and returns the answers, which become notes (used when `request.interview`, or
    with `request.offer_interview` when an untrusted model has no facts).
    On Ctrl-C the partial post is saved as a draft file (in "." for "-") and `Interrupted` is
    re-raised with `.path` set.

    The log is closed on every path (success, error, Ctrl-C), and so is the backend when this call
    made it from `request.model`; a `backend` passed in belongs to the caller, who closes it."""
    request = WriteRequest.of(request, **options)
    brief, fmt, to_stdout = request.brief, request.fmt, request.to_stdout
    voice = load_voice(brief.voice)
    out = Path("." if to_stdout else request.out_dir).expanduser()
    if not to_stdout:  # before any model loads; `--out -` writes no file (a Ctrl-C draft goes to ".")
        _check_writable(out)
    index = load_index(brief.sources, on_event)
    owned = backend is None
    backend = conform(backend) if backend is not None else get_backend(request.model, **request.backend_options())
    try:
        preload_embeddings()
        with open_store(request.no_log) as store:
            t0 = time.perf_counter()
            try:
                post = write_post(request, voice, backend, store, on_event=on_event, index=index,
                                  ask=ask if request.interview or request.offer_interview else None)
            except Interrupted as exc:
                exc.path, exc.save_error = _save_file(store, exc.post, out, "md", draft=True)  # type: ignore[attr-defined]
                raise
            seconds = time.perf_counter() - t0
            # the finished post (every part, title, TL;DR, tags) is in the log before any file is
            # written: when the file cannot be written, nothing is lost (`blogwright show RUN --out DIR`)
            dumped = post.model_dump(mode="json")
            store.finish_run(post.run_id, "done", output_path=STDOUT if to_stdout else None, words=post.body_words,
                             duration_s=seconds, post=dumped, report=dumped["report"])
            path, text = None, render(post, fmt) if to_stdout else ""
            if not to_stdout:
                path, problem = _save_file(store, post, out, fmt)
                if path is None:
                    raise BadInput(problem)
    finally:
        if owned:
            close_backend(backend)
    return WriteResult(post=post, path=path, seconds=seconds, text=text)


def _save_file(store: Store, post: Post, out: Path, fmt: str, draft: bool = False) -> tuple[Path | None, str]:
    """Write the post's file and record where; (path, "") or (None, what went wrong and where the
    post is now). With the log off, a post that cannot be written goes to the data dir instead."""
    try:
        path = write_post_file(post, out, fmt, draft=draft)
    except BadInput as exc:
        what = "the draft" if draft else "the post"
        if store.enabled:
            return None, (f"{exc}; {what} is safe in the log as run {post.run_id}: "
                          f"`blogwright show {post.run_id} --out DIR` writes it again")
        try:
            rescued = write_post_file(post, data_dir() / "rescued", fmt, draft=draft)
        except BadInput:
            return None, f"{exc}; {what} could not be saved anywhere (the log is off)"
        return None, f"{exc}; {what} was saved in {rescued} instead"
    store.set_output(post.run_id, str(path.resolve()))  # absolute: `publish`/`check` find the run from any folder
    return path, ""


def recover(run_id: str, out_dir: str | Path, fmt: str = "md") -> Path:
    """Write a logged run's post again (`blogwright show RUN --out DIR`): the finished post, or, for
    a run that was interrupted or crashed, a draft of the parts it had written."""
    with open_store() as store:
        run = store.run(run_id)
        if run is None:
            raise BadInput(f"no run {run_id!r} in {store.path}")
        post = store.logged_post(run["id"])
        if post is None:
            raise BadInput(f"run {run['id']} ({run['status']}) has no post and no drafts to write")
        out = Path(out_dir).expanduser()
        if out.is_symlink():  # the post goes where the user points, never where a link leads
            raise BadInput(f"--out {out} is a symlink (to {os.readlink(out)}): give the folder itself")
        _check_writable(out)
        path = write_post_file(post, out, fmt, draft=not post.complete)
        if not run.get("output_path") or not Path(run["output_path"]).is_file():
            store.set_output(run["id"], str(path.resolve()))
    return path


def preload_embeddings() -> None:
    """Load the embedding model the checks need on a background thread, while the model drafts
    (it takes ~7 s of mostly one core; decoding uses the other)."""
    if embeddings.loaded() or embeddings.failure() is not None or embeddings.model_path() is None:
        return
    threading.Thread(target=embeddings.load_model, name="blogwright-embeddings", daemon=True).start()


def load_index(sources: list[str], on_event: EventSink | None = None) -> PassageIndex | None:
    """Load and index the user's sources; unusable ones become notes, the run goes on with the rest.
    None when there are no (usable) sources."""
    if not sources:
        return None

    loaded = load_sources(sources)
    for problem in loaded.problems:
        if on_event:
            on_event(Note(stage="plan", text=f"source skipped: {problem}"))
    if not loaded.sources:
        raise BadInput("none of the --source files or URLs could be used: " + "; ".join(loaded.problems))
    embedder = default_embedder()
    if on_event is not None:
        embedder = ProgressEmbedder(embedder, on_event)
    return PassageIndex.build(loaded.sources, embedder=embedder)


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


def check_out_dir(out_dir: str | Path) -> None:
    """`write`'s first step, public for front ends that want it before showing progress: the
    folder `out_dir` can be created and written (`"-"`, stdout, always can); else `BadInput`."""
    if str(out_dir) != STDOUT:
        _check_writable(Path(out_dir).expanduser())


def _check_writable(out: Path) -> None:
    """Fail before spending minutes on a post that cannot be saved: create the folder, write and
    delete a probe file in it, then remove the folders this made (the post's own save makes them
    again). Permission bits say nothing for root, nor on /proc, a read-only mount or a full disk."""

    made: list[Path] = []
    try:
        if out.exists() and not out.is_dir():
            raise BadInput(f"--out {out} is a file, not a folder")
        missing = out
        while not missing.exists() and missing.parent != missing:
            made.append(missing)
            missing = missing.parent
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BadInput(f"cannot create the folder {out}: {exc.strerror or exc} (choose another --out)") from None
        try:
            fd, probe = tempfile.mkstemp(prefix=".blogwright-probe-", dir=out)
            try:
                os.write(fd, b"probe")
            finally:
                os.close(fd)
                os.unlink(probe)
        except OSError as exc:
            raise BadInput(f"cannot write to {out}: {exc.strerror or exc} (choose another --out)") from None
    except ValueError as exc:  # a NUL byte in the path
        raise BadInput(f"--out {str(out)!r} is not a usable folder name: {exc}") from None
    finally:
        for folder in made:  # deepest first
            try:
                folder.rmdir()
            except OSError:
                break


def check_file(path: str | Path, *, topic: str | None = None, words: int = 0, audience: str | None = None,
               sections: int = 0, notes: list[str] | None = None, embeddings: bool = True,
               voice: str | None = None, keywords: list[str] | None = None,
               site: str | Path | None = None) -> Report:
    """Run the quality gates on a Markdown file; context comes from flags, then its front matter.
    `keywords`: the first is the SEO gate's main keyword (default: the first tag); `site`: a Hugo or
    Jekyll site folder to check internal links against."""

    text = read_text(path, "post")
    if audience and audience not in Audience.__members__:
        raise BadInput(f"unknown audience {audience!r}: use newbie, practitioner or expert")
    if site is not None and not Path(site).expanduser().is_dir():
        raise BadInput(f"--site {site} is not a folder: point it at the Hugo or Jekyll site's root")
    doc = parse_markdown(text)
    fm = doc.front_matter or {}
    tags = [str(t) for t in fm.get("tags") or []] if isinstance(fm.get("tags"), list) else []
    logged = None if notes else _logged_brief(path)
    ctx = CheckContext(topic=topic or (logged.topic if logged else "") or str(fm.get("title") or doc.title or ""),
                       notes=notes or (logged.notes if logged else []),
                       keywords=[k for k in (keywords or []) if k.strip()] + (logged.keywords if logged else []) + tags,
                       allow_words=logged.allow_words if logged else [],
                       target_words=words or implied_target(doc), audience=audience or "", planned_sections=sections,
                       voice=voice or "", site=str(Path(site).expanduser()) if site is not None else "")
    if voice:
        load_voice(voice)  # an unknown voice is a clear error, not a silently skipped gate
    report = check_post(text, ctx, GateConfig.load(**({} if embeddings else {"embeddings": False})))
    if logged is not None and report.gates:
        gate = report.gates.get("contradictions") or next(iter(report.gates.values()))
        gate.findings.append(Finding(gate.name, "info", logged.describe(), "post",
                                     "give --notes FILE to check against other facts"))
    return report


def _logged_brief(path: str | Path) -> GateContext | None:
    """Without --notes, the brief of the logged run that wrote this file (its notes, topic, keywords
    and request words), so a post grounded in notes is checked against them; None when the log has
    no such run (a post written elsewhere) or the run had no notes."""
    logged = logged_context(path)
    return logged if logged is not None and logged.notes else None
