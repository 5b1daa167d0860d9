"""The library entry point the CLI (and any other front end) calls: one function per action."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from blogwright import embeddings
from blogwright.backends import get_backend
from blogwright.backends.base import Backend, close_backend
from blogwright.checks import CheckContext, GateConfig, Report, parse_markdown
from blogwright.core.errors import BadInput
from blogwright.grounding import MODES, PassageIndex, load_sources
from blogwright.model.brief import Audience, Brief
from blogwright.model.events import Note
from blogwright.model.post import Post
from blogwright.pipeline.context import EventSink
from blogwright.pipeline.gates import check_post
from blogwright.pipeline.run import Interrupted, write_post
from blogwright.render import write_post_file
from blogwright.store import Store
from blogwright.voices import load_voice


@dataclass
class WriteResult:
    post: Post
    path: Path
    seconds: float


def open_store(no_log: bool = False) -> Store:
    return Store(None if no_log else "default")


def write(brief: Brief, *, model: str = "local", backend: Backend | None = None, seed: int = 0,
          out_dir: str | Path = ".", fmt: str = "md", stream: bool = False, candidates: int = 1,
          no_log: bool = False, on_event: EventSink | None = None,
          backend_opts: dict | None = None, unsupported: str = "flag", run_id: str | None = None) -> WriteResult:
    """Write a post for `brief` and save it. On Ctrl-C the partial post is saved as a draft
    file and `Interrupted` is re-raised with `.path` set.

    The log is closed on every path (success, error, Ctrl-C), and so is the backend when this call
    made it from `model`; a `backend` passed in belongs to the caller, who closes it."""
    voice = load_voice(brief.voice)
    out = Path(out_dir).expanduser()
    _check_writable(out)
    if unsupported not in MODES:
        raise BadInput(f"--unsupported must be one of {', '.join(MODES)}, not {unsupported!r}")
    index = load_index(brief.sources, on_event)
    owned = backend is None
    backend = backend or get_backend(model, **(backend_opts or {}))
    try:
        preload_embeddings()
        with open_store(no_log) as store:
            t0 = time.perf_counter()
            try:
                post = write_post(brief, voice, backend, store, seed=seed, stream=stream,
                                  candidates=candidates, on_event=on_event, index=index, unsupported=unsupported,
                                  run_id=run_id)
            except Interrupted as exc:
                exc.path = write_post_file(exc.post, out, "md", draft=True)  # type: ignore[attr-defined]
                raise
            path = write_post_file(post, out, fmt)
            seconds = time.perf_counter() - t0
            store.finish_run(post.run_id, "done", output_path=str(path), words=post.body_words,
                             duration_s=seconds, post=post.model_dump(mode="json"), report=post.report)
    finally:
        if owned:
            close_backend(backend)
    return WriteResult(post=post, path=path, seconds=seconds)


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
    return PassageIndex.build(loaded.sources)


def _check_writable(out: Path) -> None:
    """Fail before spending minutes on a post that cannot be saved."""

    probe = out
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise BadInput(f"--out {out} is a file, not a folder")
    if not os.access(probe, os.W_OK):
        raise BadInput(f"cannot write to {out}: permission denied (choose another --out)")


def check_file(path: str | Path, *, topic: str | None = None, words: int = 0, audience: str | None = None,
               sections: int = 0, notes: list[str] | None = None, embeddings: bool = True,
               voice: str | None = None) -> Report:
    """Run the quality gates on a Markdown file; context comes from flags, then its front matter."""

    p = Path(path).expanduser()
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"no such file: {p}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read {p}: {getattr(exc, 'strerror', None) or exc}") from None
    if audience and audience not in Audience.__members__:
        raise BadInput(f"unknown audience {audience!r}: use newbie, practitioner or expert")
    doc = parse_markdown(text)
    fm = doc.front_matter or {}
    ctx = CheckContext(topic=topic or str(fm.get("title") or doc.title or ""), notes=notes or [],
                       keywords=[str(t) for t in fm.get("tags") or []] if isinstance(fm.get("tags"), list) else [],
                       target_words=words, audience=audience or "", planned_sections=sections,
                       voice=voice or "")
    if voice:
        load_voice(voice)  # an unknown voice is a clear error, not a silently skipped gate
    return check_post(text, ctx, GateConfig.load(**({} if embeddings else {"embeddings": False})))
