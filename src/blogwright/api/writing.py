"""Writing a post (`write`, `recover`) and checking one (`check_file`): the actions behind
`blogwright write`, `show --out`, `check`, the web page's new post and every batch row."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogwright.api.runs import Store, new_run_id, open_store
from blogwright.backends import get_backend
from blogwright.backends.base import Backend, close_backend, conform
from blogwright.checks import CheckContext, GateConfig, Report, implied_target, parse_markdown
from blogwright.core.errors import BadInput
from blogwright.core.io import read_text
from blogwright.core.paths import data_dir
from blogwright.model.brief import Audience, Brief
from blogwright.model.post import Post
from blogwright.model.report import Finding, RunReport
from blogwright.model.request import STDOUT, Front, WriteRequest, make_front, make_request
from blogwright.pipeline.context import EventSink
from blogwright.pipeline.found import cited_notes, provider_of
from blogwright.pipeline.gates import check_post
from blogwright.pipeline.logged import load_index, preload_embeddings, write_logged
from blogwright.pipeline.run import Interrupted, Interview
from blogwright.pipeline.verdict import stored_verdict, verdict_report
from blogwright.publish import GateContext, logged_context
from blogwright.render import post_words, render, write_post_file
from blogwright.store import run_for_output
from blogwright.text import english
from blogwright.voices import load_voice

__all__ = ["STDOUT", "Front", "Interrupted", "RunReport", "WriteRequest", "WriteResult", "check_file", "check_out_dir",
           "check_writable", "make_front", "make_request", "Store", "new_run_id", "open_store", "recover", "write"]


@dataclass
class WriteResult:
    post: Post
    path: Path | None  # None when the post went to stdout (`text`)
    seconds: float
    text: str = ""

    @property
    def words(self) -> int:
        """The post's word count (`render.post_words`: what its front matter, the log and the web page say)."""
        return post_words(self.post)


def write(request: WriteRequest | Brief, *, backend: Backend | None = None, on_event: EventSink | None = None,
          ask: Interview | None = None, **options: Any) -> WriteResult:
    """Write the post `request` asks for and save it (`out_dir="-"`: no file, the rendered post is
    returned as `.text`). A Brief alone is a request with the default options; `options` (fields of
    `WriteRequest`: model=, seed=, out_dir=, ...) change the request's. `ask`: asks questions derived
    from the outline and returns the answers, which become notes (used when `request.interview`, or
    with `request.offer_interview` when an untrusted model has no facts).
    `request.research`: search the web (`request.search`: the provider spec) for the topic and each
    planned section and ground the post in the pages read; `request.library`: retrieve passages from
    the user's library (None: when it has files). Found pages and passages join the index as
    `grounding.Source`s, like `--source`; so do notes that name their page (`[n]` + `[n]: URL`, what
    `blogwright research` prints). On Ctrl-C the partial post is saved as a draft file (in "." for "-")
    and `Interrupted` is re-raised with `.path` set (None, with an empty `.save_error`, when no prose was
    written yet: nothing is saved then).

    The log is closed on every path (success, error, Ctrl-C), and so is the backend when this call
    made it from `request.model`; a `backend` passed in belongs to the caller, who closes it."""
    request = WriteRequest.of(request, **options)
    english.preload()  # spaCy's ~0.8 s of import and load, while the model loads (below) without the GIL
    brief, fmt, to_stdout = request.brief, request.fmt, request.to_stdout
    voice = load_voice(brief.voice)
    out = Path("." if to_stdout else request.out_dir).expanduser()
    if not to_stdout:  # before any model loads; `--out -` writes no file (a Ctrl-C draft goes to ".")
        check_writable(out)
    request, cited = cited_notes(request)  # notes that name their page are that page's text, cited like a --source
    provider_of(request)  # a bad --search or a missing key fails now, before any model loads
    index = load_index(request.brief.sources, on_event, extra=cited)
    owned = backend is None
    backend = conform(backend) if backend is not None else get_backend(request.model, **request.backend_options())
    try:
        if callable(reach := getattr(backend, "reach", None)):
            reach()  # an unreachable server is the only line, not a "plan" bar above it
        preload_embeddings()
        with open_store(request.no_log) as store:
            try:
                post, seconds = write_logged(request, voice, backend, store, index=index, on_event=on_event, ask=ask)
            except Interrupted as exc:
                if any(p.strip() for p in exc.post.prose()):
                    exc.path, exc.save_error = _save_file(store, exc.post, out, "md", draft=True)  # type: ignore[attr-defined]
                else:  # stopped while planning: a draft of a title alone helps no one (the log keeps the run)
                    exc.path, exc.save_error = None, ""  # type: ignore[attr-defined]
                raise
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
    store.set_output(post.run_id, str(path.resolve()), render(post, fmt))  # absolute: `publish`/`check` find the run from any folder
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
        check_writable(out)
        path = write_post_file(post, out, fmt, draft=not post.complete)
        if not run.get("output_path") or not Path(run["output_path"]).is_file():
            store.set_output(run["id"], str(path.resolve()))
    return path


def check_out_dir(out_dir: str | Path) -> None:
    """`write`'s first step, public for front ends that want it before showing progress: the
    folder `out_dir` can be created and written (`"-"`, stdout, always can); else `BadInput`."""
    if str(out_dir) != STDOUT:
        check_writable(Path(out_dir).expanduser())


def check_writable(out: Path) -> None:
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
               site: str | Path | None = None, strict: bool = False) -> Report:
    """Run the quality gates on a Markdown file; context comes from flags, then its front matter.
    `keywords`: the first is the SEO gate's main keyword (default: the first tag); `site`: a Hugo or
    Jekyll site folder to check internal links against; `strict`: hold the post to blogwright's template
    (TL;DR, sections, a wrap-up), which a post someone else wrote is not held to by default. An unchanged
    post `write` judged, checked with no such flag, gets the verdict `write` gave (pipeline/verdict.py)."""

    text = read_text(path, "post")
    if audience and audience not in Audience.__members__:
        raise BadInput(f"unknown audience {audience!r}: use newbie, practitioner or expert")
    if site is not None and not Path(site).expanduser().is_dir():
        raise BadInput(f"--site {site} is not a folder: point it at the Hugo or Jekyll site's root")
    config = GateConfig.load(**({} if embeddings else {"embeddings": False}), **({"template": True} if strict else {}))
    if not any((topic, words, audience, sections, notes, voice, keywords, site)):  # nothing asked that write did not
        run = run_for_output(path)
        verdict = stored_verdict(run, text, config)
        if run is not None and verdict is not None:
            return verdict_report(verdict, str(run["id"]))
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
    report = check_post(text, ctx, config)
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
