"""Runs a batch from its queue: N posts in flight, each written by `pipeline.logged.write_logged` on its own backend
(or, for a model in this process, one shared backend and one post at a time), saved under a name
fixed when the batch was made, published when asked, and recorded in the queue as it finishes.

Crash safety: every step is durable before the next one starts. A run whose post is finished in the
log is never written again: its post is re-rendered from the log. A post file is written to a
temporary name and renamed, so the output folder never holds half a post or two copies of one.
Stop (`stop.set()`, Ctrl-C): posts in flight stop at their next step and go back to pending.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

from blogwright.backends import check_spec, get_backend
from blogwright.backends.base import Backend, close_backend, conform
from blogwright.backends.openai_compat import OpenAIBackend
from blogwright.batch.events import BatchNote, BatchReport, BatchStarted, Counts, ItemFinished, Outcome
from blogwright.batch.limiter import LimitedBackend, Limiter
from blogwright.batch.prepare import post_date
from blogwright.batch.queue import Queue
from blogwright.batch.report import batch_report
from blogwright.core.config import section
from blogwright.core.errors import BadInput, BlogwrightError
from blogwright.core.io import read_bytes, save_new, temp_files
from blogwright.core.redact import is_redacted
from blogwright.model.brief import make_brief
from blogwright.model.events import Event
from blogwright.model.options import DEFAULT_CANDIDATES, DEFAULT_SEED
from blogwright.model.post import Post
from blogwright.model.report import Usage
from blogwright.model.request import STDOUT, WriteRequest, make_request
from blogwright.pipeline.logged import load_index, preload_embeddings, write_logged
from blogwright.publish import publish_post
from blogwright.render import post_words, render
from blogwright.store import Store, new_run_id
from blogwright.voices import load_voice

log = logging.getLogger("blogwright.batch")
IN_PROCESS = ("local",)  # the model on this machine's cores: one post at a time, one loaded copy
ONE_BY_DEFAULT = ("local", "llm", "fake")  # `llm:` plugins may run here too: one at a time unless -j says otherwise
REMOTE_CONCURRENCY = 4  # default posts in flight when every post goes to a server
BatchEvent = BatchStarted | ItemFinished | BatchNote
BackendFactory = Callable[[str], Backend]


@dataclass
class RunOptions:
    """How to run a batch (kept with it, but for the key, so `--resume` runs it the same way)."""

    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None  # never stored
    concurrency: int | None = None  # None: 4 for servers, 1 for a model in this process
    rpm: float | None = None
    tpm: float | None = None
    retries: int = 2  # more attempts for a post whose model call failed
    publish: str = ""  # target for rows that name none
    live: bool = False
    seed: int = DEFAULT_SEED
    candidates: int = DEFAULT_CANDIDATES
    unsupported: str | None = None  # None: rewrite on an untrusted model with facts, else flag
    http_attempts: int = 8  # tries per model request (429 / 5xx / timeouts) before the post fails

    def stored(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("api_key")
        return data

    @classmethod
    def merged(cls, stored: dict[str, Any], given: dict[str, Any]) -> RunOptions:
        """The batch's stored options, overridden by what was given now (None: not given)."""
        fields = set(cls.__dataclass_fields__)
        data = {k: v for k, v in (stored or {}).items() if k in fields and v is not None}
        data.update({k: v for k, v in given.items() if k in fields and v is not None})
        if is_redacted(str(data.get("base_url") or "")):  # stored without its password: never sent as "***"
            raise BadInput("this batch's --base-url held a user name and password, which the log does not keep: "
                           "give --base-url again (with them) to resume it")
        return cls(**data)


STOP_GRACE_S = 15.0  # after a stop, how long posts in flight get to reach their next step


class BatchStopped(Exception):
    """Raised in a post's thread when the batch is stopping: the post goes back to pending."""


class PostOutcome(Outcome):
    retry: bool = False  # a failure worth another try (a server's), not a bad request


class Runner:
    def __init__(self, batch_id: str, options: RunOptions | None = None,
                 on_event: Callable[[BatchEvent], None] | None = None, stop: threading.Event | None = None,
                 backend_factory: BackendFactory | None = None):
        self.batch_id, self.options = batch_id, options or RunOptions()
        self.on_event, self.stop = on_event, stop or threading.Event()
        self.limiter = Limiter(self.options.rpm, self.options.tpm, on_wait=lambda line: self._emit(BatchNote(text=line)))
        self._factory = backend_factory
        self._emit_lock, self._shared_lock = threading.Lock(), threading.Lock()
        self._local_lock = threading.Lock()  # posts on a model in this process run one after another
        self._shared: dict[str, Backend] = {}
        self.out, self.fmt, self.concurrency = Path("."), "md", 1
        self.stop_grace_s = STOP_GRACE_S
        self.abandoned = 0  # posts still in flight when the grace after a stop ran out (see _loop)

    # ---- the main thread: claim, submit, record ---------------------------------------------------

    def run(self) -> BatchReport:
        t0 = time.perf_counter()
        with Store() as store:
            queue = Queue(store.db)
            batch = queue.find(self.batch_id)
            if batch is None:
                raise BadInput(f"no batch {self.batch_id!r} in {store.path} (`blogwright batches` lists them)")
            self.batch_id, self.out, self.fmt = batch["id"], Path(batch["out_dir"]), batch["fmt"]
            why = queue.acquire(self.batch_id)
            if why:
                raise BadInput(why)
            status = "stopped"
            try:
                queue.retry_failed(self.batch_id)  # a resumed batch tries its failed posts again
                items = queue.items(self.batch_id)
                self._remove_stale_temps(items)
                pending = deque(i for i in items if i["status"] == "pending")
                self._start(items, pending)
                self._publish_finished(queue, items)
                status = self._loop(queue, store, pending)
            finally:
                queue.release(self.batch_id, status)
                self._close_shared()
            return self.report(queue, status, time.perf_counter() - t0)

    def _remove_stale_temps(self, items: list[dict]) -> None:
        """A runner killed while saving a post left its temporary file (`core.io.save_new`) beside the
        posts; the batch has one runner at a time, so one whose process is gone is removed."""
        folders: dict[Path, set[str]] = {}
        for item in items:
            final = self.out / item["file"]
            folders.setdefault(final.parent, set()).add(final.name)
        for folder, names in folders.items():
            for path, pid in temp_files(folder, names):
                if not psutil.pid_exists(pid):
                    with contextlib.suppress(OSError):
                        path.unlink()
                        log.info("removed %s, left by a run that was killed while saving", path)

    def _start(self, items: list[dict], pending: deque) -> None:
        # each distinct spec checked once (a check per row took minutes on a 100,000-row calendar)
        models = {self._model_for({"model": m}) for m in {i["spec"].get("model") for i in pending}} or {
            self._model_for({})}
        kinds = {m.partition(":")[0] for m in models}
        remote_only = not kinds & set(ONE_BY_DEFAULT)
        self.concurrency = max(1, self.options.concurrency or (REMOTE_CONCURRENCY if remote_only else 1))
        shown = ", ".join(sorted(models))
        if kinds <= set(IN_PROCESS):
            self.concurrency = 1
            mode = f"local model ({shown}): one post at a time (the cores are the limit)"
        elif kinds & set(IN_PROCESS):
            mode = f"{self.concurrency} posts at a time on {shown}; posts on a local model one at a time"
        else:
            mode = f"{self.concurrency} post{'s' if self.concurrency > 1 else ''} at a time on {shown}"
        self._emit(BatchStarted(batch_id=self.batch_id, total=len(items), concurrency=self.concurrency, mode=mode,
                                already_done=sum(1 for i in items if i["status"] == "done"),
                                limits=self.limiter.describe()))

    def _loop(self, queue: Queue, store: Store, pending: deque) -> str:
        """Claim, submit and record posts until none is left or the batch stops. After a stop, posts in
        flight get `stop_grace_s` to reach their next step; a post still busy then (a long step that
        sends no event: the checks, indexing a source, a slow server) is left to its thread and stays
        `running` in the queue: the next run takes it again, as after a crash. The CLI then exits
        without waiting for those threads (Ctrl-C used to wait for them: over 60 s on a busy machine)."""
        inflight: dict[Future, dict] = {}
        tries: dict[int, int] = {}
        self._t0, self._finished = time.perf_counter(), 0
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="blogwright-batch")
        stopped_at: float | None = None
        try:
            while pending or inflight:
                try:
                    while pending and len(inflight) < self.concurrency and not self.stop.is_set():
                        item = pending.popleft()
                        run_id = item["run_id"] if self._run_done(store, item.get("run_id")) else new_run_id()
                        if queue.claim(self.batch_id, item["idx"], run_id):
                            item = queue.item(self.batch_id, item["idx"]) or item
                            inflight[pool.submit(self._work, item)] = item
                    if not inflight:
                        break
                    if self.stop.is_set():
                        stopped_at = stopped_at or time.monotonic()
                        if time.monotonic() - stopped_at > self.stop_grace_s:
                            self.abandoned = len(inflight)
                            self._emit(BatchNote(text=f"{len(inflight)} post(s) still busy after {self.stop_grace_s:.0f} s: "
                                                      "left running; resuming the batch writes them"))
                            break
                    done, _ = wait(list(inflight), timeout=0.5, return_when=FIRST_COMPLETED)
                    for fut in done:
                        self._record(queue, inflight.pop(fut), fut.result(), pending, tries, len(inflight))
                except KeyboardInterrupt:
                    if self.stop.is_set():
                        raise
                    self.request_stop(len(inflight))
        finally:
            pool.shutdown(wait=not self.abandoned, cancel_futures=True)
        counts = queue.counts(self.batch_id)
        if counts["pending"] or counts["running"]:
            return "stopped"
        return "failed" if counts["failed"] else "done"

    def request_stop(self, in_flight: int | None = None) -> None:
        """Stop taking posts; those in flight stop at their next step (Ctrl-C calls this)."""
        if not self.stop.is_set():
            self.stop.set()
            self._emit(BatchNote(text="stopping: posts in flight stop at their next step and stay in the queue "
                                      f"(resume with `blogwright batch --resume {self.batch_id}`)"))

    def _record(self, queue: Queue, item: dict, out: PostOutcome, pending: deque, tries: dict[int, int],
                running: int) -> None:
        idx = item["idx"]
        status = out.status
        if status == "done":
            queue.done(self.batch_id, idx, post_path=out.path, seconds=out.seconds, words=out.words, passed=out.passed,
                       tokens_in=out.tokens_in, tokens_out=out.tokens_out, calls=out.calls, publish=out.publish,
                       note=out.error)
        elif status == "stopped":
            queue.requeue(self.batch_id, idx)
        else:
            tries[idx] = tries.get(idx, 0) + 1
            retry = out.retry and tries[idx] <= self.options.retries
            queue.failed(self.batch_id, idx, out.error, retry=retry)
            if retry and not self.stop.is_set():
                pending.append(queue.item(self.batch_id, idx) or item)
            status = "retry" if retry else "failed"
        if status in ("done", "failed"):
            self._finished += 1
        c = queue.counts(self.batch_id)
        counts = Counts(done=c["done"], failed=c["failed"], running=running, pending=c["pending"] + c["running"] - running,
                        total=c["total"])
        elapsed = time.perf_counter() - self._t0
        left = counts.pending + counts.running
        eta = left * elapsed / self._finished if self._finished and left and not self.stop.is_set() else None
        self._emit(ItemFinished(idx=idx, slug=item["slug"], status=status, path=out.path, words=out.words,
                                passed=out.passed, failed_gates=out.failed_gates, seconds=round(out.seconds, 1), error=out.error, publish=out.publish,
                                counts=counts, eta_s=None if eta is None else round(eta, 1)))

    @staticmethod
    def _run_done(store: Store, run_id: str | None) -> bool:
        run = store.run(run_id) if run_id else None
        return bool(run and run["id"] == run_id and run["status"] == "done")

    # ---- a post's thread ------------------------------------------------------------------------

    def _work(self, item: dict) -> PostOutcome:
        t0 = time.perf_counter()
        spec, run_id = item["spec"], item["run_id"]
        final = self.out / item["file"]
        try:
            self._check_stop()
            post = self._logged_post(run_id)  # finished by an earlier attempt: never written again
            resumed = post is not None
            if post is None:
                if final.exists() or final.is_symlink():
                    return PostOutcome(status="failed", error=f"{final} already exists and this batch did not write it: move it "
                                                   "away or give the row another slug")
                post = self._write(spec, run_id)
            path = self._save(post, spec, final, resumed)
            passed = post.report.passed if post.report else None
            publish = self._publish(item, spec, path, passed)
        except BatchStopped:
            with Store() as store:
                if store.run(run_id) and not self._run_done(store, run_id):
                    store.finish_run(run_id, "interrupted")
            return PostOutcome(status="stopped", seconds=time.perf_counter() - t0)
        except BlogwrightError as exc:  # a server that failed is worth another try; a bad request is not
            return PostOutcome(status="failed", error=exc.message, retry=not isinstance(exc, BadInput),
                           seconds=time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001 - one broken post never stops the others
            log.debug("post %s of batch %s failed", item["slug"], self.batch_id, exc_info=True)
            return PostOutcome(status="failed", error=f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - t0)
        usage = post.report.usage if post.report else Usage()
        note = publish[len("failed: "):] if publish.startswith("failed: ") else ""
        return PostOutcome(status="done", path=str(path), words=post_words(post), passed=passed,
                           failed_gates=post.report.blocking_failed if post.report else [],
                       seconds=time.perf_counter() - t0, tokens_in=usage.prompt_tokens,
                       tokens_out=usage.completion_tokens, calls=usage.calls,
                       publish=publish, error=f"not published: {note}" if note else "")

    def _check_stop(self) -> None:
        if self.stop.is_set():
            raise BatchStopped()

    def _sink(self, event: Event) -> None:
        self._check_stop()  # the pipeline's events: the post stops at its next step

    def _logged_post(self, run_id: str) -> Post | None:
        with Store() as store:
            return store.logged_post(run_id) if self._run_done(store, run_id) else None

    def request(self, spec: dict[str, Any], run_id: str) -> WriteRequest:
        """The write request of a row: its brief and front matter, the row's seed and model, the
        batch's options (the post is returned, not saved: `_save` writes it under its fixed name)."""
        brief = make_brief(topic=spec["topic"], voice=spec["voice"], audience=spec["audience"], words=spec["words"],
                           keywords=spec["keywords"], notes=spec["notes"], sources=spec["sources"])
        front = {"date": post_date(spec), "categories": spec.get("categories") or [], "series": spec.get("series") or ""}
        return make_request(brief=brief, model=self._model_for(spec), seed=spec.get("seed") or self.options.seed,
                            out_dir=STDOUT, candidates=self.options.candidates, unsupported=self.options.unsupported,
                            run_id=run_id, front=front, research=bool(spec.get("research")),
                            search=spec.get("search") or None)

    def _write(self, spec: dict[str, Any], run_id: str) -> Post:
        request = self.request(spec, run_id)
        model = request.model or ""
        in_process = model.partition(":")[0] in IN_PROCESS
        backend = self._shared_backend(model) if in_process else self._backend(model)
        try:
            with self._local_lock if in_process else contextlib.nullcontext():
                self._check_stop()
                voice = load_voice(request.brief.voice)
                index = load_index(request.brief.sources, self._sink)
                preload_embeddings()
                with Store() as store:
                    post, _ = write_logged(request, voice, backend, store, index=index, on_event=self._sink)
        finally:
            if not in_process:
                close_backend(backend)
        return post

    def _save(self, post: Post, spec: dict[str, Any], final: Path, resumed: bool = False) -> Path:
        """Write the post (`core.io.save_new`: all or nothing, never over a file this batch did not write;
        a name taken meanwhile gives `-2`). A file this run saved before (a resumed batch) is replaced:
        the one the log names, or, for a run finished before this process (`resumed`: a kill came after
        its file and before the log's note of it), the file under its name holding exactly this post
        (it was saved again as `-2`: the post twice)."""
        post.slug, post.date = spec["slug"], post_date(spec)
        text = render(post, self.fmt)
        with Store() as store:
            run = store.run(post.run_id) or {}
        # the log's path only once `set_output` gave it: `write_logged` records a batch's run as STDOUT (the post is
        # asked back, not saved), and a kill between the save and `set_output` left that mark (resumed, the post
        # was saved again as `-2`: 13 files for 12 posts in tests/batch/test_crash.py under load)
        logged = run.get("output_path") if run.get("output_path") not in (None, "", STDOUT) else None
        own = Path(logged) if logged else final if resumed and _holds(final, text) else None
        mine = own if own is not None and own.parent == final.parent and own.is_file() and not own.is_symlink() else None
        path = save_new(final.parent, final.name, text, what="post", replace=mine)
        with Store() as store:
            store.update_post(post.run_id, post.model_dump(mode="json"), post_words(post))
            store.set_output(post.run_id, str(path))
        return path

    def _publish(self, item: dict, spec: dict[str, Any], path: Path, passed: bool | None) -> str:
        """Publish the post when its row (or the batch) names a target and it passed its gates (as
        the pipeline checked them). Idempotent: a publish that may have gone through ("started") is
        redone over the same slug; a site file this batch did not write is never overwritten."""
        target = spec.get("publish") or self.options.publish
        state = item.get("publish") or ""
        if not target or (state and state != "started" and not state.startswith("failed")):
            return state
        with Store() as store:
            queue = Queue(store.db)
            if not passed:
                state = "skipped: it fails blocking quality gates (`blogwright check` shows which)"
                queue.set_publish(self.batch_id, item["idx"], state)
                return state
            live = bool(spec.get("live") or self.options.live)
            wp = target.startswith("wordpress:")
            try:
                if not wp:  # Hugo, Jekyll: the file the publish would write must be ours (or absent)
                    plan = publish_post(path, target, live=live, dry_run=True, force=True)
                    if Path(plan.location).exists() and state != "started":
                        raise BadInput(f"{plan.location} already exists and this batch did not write it")
                queue.set_publish(self.batch_id, item["idx"], "started")
                # WordPress decides itself which post is ours (the id in the log, or blogwright's marker)
                result = publish_post(path, target, live=live, force=not wp, overwrite=not wp, db=store.db,
                                      wp_config=section("wordpress") if wp else None)
            except BlogwrightError as exc:
                state = f"failed: {exc.message}"
            else:
                state = result.location
            queue.set_publish(self.batch_id, item["idx"], state)
        return state

    def _publish_finished(self, queue: Queue, items: list[dict]) -> None:
        """Posts written by an earlier run whose publishing did not happen (or failed, or was asked for now)."""
        for item in items:
            if item["status"] != "done" or not item.get("post_path") or self.stop.is_set():
                continue
            if not (item["spec"].get("publish") or self.options.publish):
                continue
            try:
                state = self._publish(item, item["spec"], Path(item["post_path"]), bool(item["passed"]))
            except BlogwrightError as exc:
                state = f"failed: {exc.message}"
            if state != (item.get("publish") or ""):
                self._emit(BatchNote(text=f"{item['slug']}: published: {state}" if not state.startswith(("failed", "skipped"))
                                     else f"{item['slug']}: {state}"))

    # ---- backends ------------------------------------------------------------------------------

    def _model_for(self, spec: dict[str, Any]) -> str:
        return check_spec(spec.get("model") or self.options.model)

    def _backend(self, model: str) -> Backend:
        if self._factory is not None:
            backend = conform(self._factory(model))
        else:
            backend = get_backend(model, base_url=self.options.base_url, api_key=self.options.api_key)
        if isinstance(backend, OpenAIBackend):
            backend.max_attempts = max(backend.max_attempts, self.options.http_attempts)
        return LimitedBackend(backend, self.limiter, check=self._check_stop)  # type: ignore[return-value]

    def _shared_backend(self, model: str) -> Backend:
        with self._shared_lock:
            if model not in self._shared:
                self._shared[model] = self._backend(model)
            return self._shared[model]

    def _close_shared(self) -> None:
        for backend in self._shared.values():
            close_backend(backend)
        self._shared.clear()

    def _emit(self, event: BatchEvent) -> None:
        if self.on_event is not None:
            with self._emit_lock:
                self.on_event(event)

    def report(self, queue: Queue, status: str, wall_s: float) -> BatchReport:
        report = batch_report(queue, self.batch_id, status, wall_s, self.limiter)
        report.abandoned = self.abandoned
        return report


def _holds(path: Path, text: str) -> bool:
    """Is `path` a regular file (no symlink) holding exactly `text`?"""
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == len(text.encode("utf-8")) \
            and read_bytes(path, "post") == text.encode("utf-8")
    except (OSError, BlogwrightError):
        return False
