"""The web app: server-rendered pages (Jinja) and a small JSON + SSE API, all driving the same
library the CLI uses (`api`, `edits`, `publish`). No logic of its own beyond request handling."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from contextlib import closing as _closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import edits
from ..backends import get_backend
from ..backends.base import Backend
from ..checks import GateConfig
from ..errors import BadInput, BlogwrightError
from ..store import Store
from .forms import brief_from_form, form_defaults
from .jobs import JobManager
from .security import Guard

HERE = Path(__file__).parent
MAX_BODY = 1_000_000


@dataclass
class Settings:
    model: str = "local"
    out_dir: Path = Path("posts")
    token: str | None = None
    loopback: bool = True
    # a model of its own per job: two posts written at once never share a llama.cpp context
    backend_factory: Callable[[str], Backend] = field(default=lambda spec: get_backend(spec, private=True))
    gates: GateConfig | None = None  # None: the config file's
    warm: bool = False  # load the embedding model at start, so the first report is quick
    db: str = "default"


class Web:
    """State shared by the handlers: the jobs, the editors' backends, the templates."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.jobs = JobManager(settings.backend_factory, settings.out_dir)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                      autoescape=True, undefined=jinja2.StrictUndefined)
        self._editors: dict[str, tuple[Backend, threading.Lock]] = {}
        self._editors_lock = threading.Lock()
        self._presses: dict[tuple[str, str], int] = {}

    def store(self) -> Store:
        return Store(self.settings.db)

    def gates(self) -> GateConfig:
        return self.settings.gates or GateConfig.load()

    def page(self, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(model_default=self.settings.model, **ctx)
        return HTMLResponse(html, status_code=status)

    def press(self, run_id: str, part: str) -> int:
        """How many times "regenerate" was pressed for this part: each press gets other seeds, even
        when earlier proposals were discarded."""
        with self._editors_lock:
            self._presses[(run_id, part)] = self._presses.get((run_id, part), 0) + 1
            return self._presses[(run_id, part)]

    def editor(self, spec: str) -> tuple[Backend, threading.Lock]:
        """One backend per model for regenerating sections, used by one request at a time."""
        with self._editors_lock:
            if spec not in self._editors:
                self._editors[spec] = (self.settings.backend_factory(spec), threading.Lock())
            return self._editors[spec]


def _error(exc: Exception, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": str(exc)}, status_code=status)


async def _body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise BadInput(f"request too large (limit {MAX_BODY:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


async def _json(request: Request) -> dict:
    try:
        data = json.loads(await _body(request) or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise BadInput("the request body is not JSON") from None
    if not isinstance(data, dict):
        raise BadInput("the request body must be a JSON object")
    return data


def create_app(settings: Settings | None = None) -> Guard:
    settings = settings or Settings()
    web = Web(settings)

    async def new_post(request: Request) -> Response:
        from ..voices import all_voices

        voices = await run_in_threadpool(all_voices, True)
        return web.page("new.html", voices=voices, form=form_defaults(settings.model), error="",
                        running=[j.snapshot() for j in web.jobs.running()])

    async def start(request: Request) -> Response:
        from ..voices import all_voices

        try:
            form = {k: v[-1] for k, v in parse_qs((await _body(request)).decode("utf-8", "replace"),
                                                   keep_blank_values=True).items()}
            brief, opts = await run_in_threadpool(brief_from_form, form)
            job = web.jobs.start(brief, opts["model"], seed=opts["seed"], candidates=opts["candidates"])
        except BlogwrightError as exc:
            voices = await run_in_threadpool(all_voices, True)
            return web.page("new.html", status=400, voices=voices, form={**form_defaults(settings.model), **form},
                            error=str(exc), running=[j.snapshot() for j in web.jobs.running()])
        return RedirectResponse(f"/write/{job.id}", status_code=303)

    async def job_page(request: Request) -> Response:
        job_id = request.path_params["job_id"]
        job = web.jobs.get(job_id)
        if job is None:
            run = await run_in_threadpool(lambda: _run_row(web, job_id))
            if run and run.get("post"):
                return RedirectResponse(f"/posts/{job_id}", status_code=303)
            return web.page("missing.html", status=404, what=f"no post is being written as {job_id}")
        return web.page("job.html", state=job.snapshot())

    async def job_state(request: Request) -> Response:
        job = web.jobs.get(request.path_params["job_id"])
        return JSONResponse(job.snapshot()) if job else _error("no such job", 404)

    async def job_events(request: Request) -> Response:
        job = web.jobs.get(request.path_params["job_id"])
        if job is None:
            return _error("no such job", 404)
        after = request.headers.get("last-event-id") or request.query_params.get("after") or "0"
        seq = int(after) if after.isdigit() else 0

        async def stream():
            nonlocal seq
            idle = 0.0
            while True:
                batch = job.events_after(seq)
                for message in _merge_tokens(batch):
                    yield f"id: {message['seq']}\ndata: {json.dumps(message)}\n\n"
                    seq = message["seq"]
                if batch and batch[-1]["kind"] == "end":
                    yield "event: end\ndata: {}\n\n"
                    return
                if await request.is_disconnected():
                    return
                idle = 0.0 if batch else idle + 0.1
                if idle >= 15:
                    idle = 0.0
                    yield ": keep-alive\n\n"
                await asyncio.sleep(0.1)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def job_cancel(request: Request) -> Response:
        job = web.jobs.cancel(request.path_params["job_id"])
        return JSONResponse({"status": job.status, "cancelling": job.cancel_requested}) if job else _error("no such job", 404)

    async def post_page(request: Request) -> Response:
        run_id = request.path_params["run_id"]
        try:
            sp, reports = await run_in_threadpool(_load_with_reports, web, run_id)
        except BadInput as exc:
            return web.page("missing.html", status=404, what=str(exc))
        return web.page("post.html", sp=sp, parts=edits.parts(sp.post), reports=reports,
                        learned=edits.is_learned(sp.post.voice), report=(sp.post.report or {}).get("checks"))

    async def part_save(request: Request) -> Response:
        data = await _json(request)
        origin = "regenerate" if data.get("origin") == "regenerate" else "edit"

        def work():
            with _closing(web.store()) as store:
                edits.save_part(store, request.path_params["run_id"], request.path_params["part"],
                                str(data.get("text", "")), origin, data.get("instruction") or None)
        await run_in_threadpool(work)
        return JSONResponse({"ok": True})

    async def part_revert(request: Request) -> Response:
        def work():
            with _closing(web.store()) as store:
                edits.revert_part(store, request.path_params["run_id"], request.path_params["part"])
        await run_in_threadpool(work)
        return JSONResponse({"ok": True})

    async def part_regenerate(request: Request) -> Response:
        data = await _json(request)
        return JSONResponse(await run_in_threadpool(_regenerate, web, request.path_params["run_id"],
                                                    request.path_params["part"], str(data.get("instruction", ""))))

    async def post_save(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(_save, web, request.path_params["run_id"]))

    async def post_publish(request: Request) -> Response:
        data = await _json(request)
        return JSONResponse(await run_in_threadpool(_publish, web, request.path_params["run_id"],
                                                    str(data.get("target", "")), bool(data.get("live")),
                                                    bool(data.get("force"))))

    async def export(request: Request) -> Response:
        from ..render import render

        fmt = request.path_params["fmt"]
        if fmt not in ("md", "html"):
            return _error(f"cannot export as {fmt}: use md or html", 404)

        def work():
            with _closing(web.store()) as store:
                return edits.load(store, request.path_params["run_id"]).post
        try:
            post = await run_in_threadpool(work)
        except BadInput as exc:
            return _error(exc, 404)
        name = f"{post.date.isoformat()}-{post.slug or 'post'}.{fmt}"
        media = "text/markdown" if fmt == "md" else "text/html"
        return Response(render(post, fmt), media_type=f"{media}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    async def library(request: Request) -> Response:
        def work():
            with _closing(web.store()) as store:
                return store.runs(200)
        rows = await run_in_threadpool(work)
        live = {j.id: j for j in web.jobs.jobs.values()}
        return web.page("library.html", runs=rows, live={k: j.status for k, j in live.items()})

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "running": len(web.jobs.running())})

    @asynccontextmanager
    async def lifespan(app):
        if settings.warm:
            from .. import embeddings

            threading.Thread(target=embeddings.load_model, daemon=True, name="blogwright-warm").start()
        yield
        await run_in_threadpool(web.jobs.shutdown)

    routes = [
        Route("/", new_post), Route("/write", start, methods=["POST"]),
        Route("/write/{job_id}", job_page), Route("/posts/{run_id}", post_page),
        Route("/posts/{run_id}/export.{fmt}", export), Route("/library", library), Route("/healthz", health),
        Route("/api/jobs/{job_id}", job_state), Route("/api/jobs/{job_id}/events", job_events),
        Route("/api/jobs/{job_id}/cancel", job_cancel, methods=["POST"]),
        Route("/api/posts/{run_id}/parts/{part}", part_save, methods=["POST"]),
        Route("/api/posts/{run_id}/parts/{part}/revert", part_revert, methods=["POST"]),
        Route("/api/posts/{run_id}/parts/{part}/regenerate", part_regenerate, methods=["POST"]),
        Route("/api/posts/{run_id}/save", post_save, methods=["POST"]),
        Route("/api/posts/{run_id}/publish", post_publish, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def on_bad_input(request: Request, exc: Exception) -> Response:
        return _error(exc, 400)

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={BlogwrightError: on_bad_input})
    app.state.web = web
    guard = Guard(app, token=settings.token, loopback=settings.loopback, max_body=MAX_BODY)
    guard.web = web  # type: ignore[attr-defined]
    return guard


def _run_row(web: Web, run_id: str) -> dict | None:
    with _closing(web.store()) as store:
        return store.run(run_id)


def _merge_tokens(batch: list[dict]) -> list[dict]:
    """Consecutive token events become one message (fewer, larger SSE frames)."""
    out: list[dict] = []
    for e in batch:
        if e["kind"] == "token" and out and out[-1]["kind"] == "token":
            out[-1] = {**out[-1], "seq": e["seq"], "text": out[-1]["text"] + e["text"], "n": out[-1]["n"] + 1}
        else:
            out.append({**e, "n": 1} if e["kind"] == "token" else dict(e))
    return out


def _load_with_reports(web: Web, run_id: str):
    with _closing(web.store()) as store:
        sp = edits.load(store, run_id)
    return sp, edits.part_reports(sp, web.gates())


def _regenerate(web: Web, run_id: str, part: str, instruction: str) -> dict:
    from ..pipeline.revise import regenerate_section

    with _closing(web.store()) as store:
        sp = edits.load(store, run_id)
        index = edits.section_index(sp.post, part)
        backend, lock = web.editor(_model_of(web, sp))
        with lock:
            section = regenerate_section(sp.post, sp.brief, index, backend, store, instruction=instruction,
                                         attempt=web.press(run_id, part))
    report = edits.part_report(sp, section.heading, section.text, web.gates())
    return {"text": section.text, "notes": section.notes, "report": report}


def _model_of(web: Web, sp: edits.StoredPost) -> str:
    """The model the post was written with, when the run knows it as a spec; else the server's."""
    job = web.jobs.get(sp.run["id"])
    return job.model if job else web.settings.model


def _save(web: Web, run_id: str) -> dict:
    with _closing(web.store()) as store:
        path = edits.save_file(store, run_id, web.settings.out_dir)
        result: dict[str, Any] = {"path": str(path), "feedback": None}
        try:
            fb = edits.feed_voice(store, run_id, path)
        except BadInput as exc:
            result["feedback"] = f"voice not updated: {exc}"
        else:
            if fb is not None:
                result["feedback"] = (f"voice {fb.voice} learned from your edits: distance {fb.before:.2f} -> "
                                      f"{fb.after:.2f}" + (f"; now avoids {', '.join(fb.new_avoid)}" if fb.new_avoid else ""))
    return result


def _publish(web: Web, run_id: str, target: str, live: bool, force: bool) -> dict:
    from ..config import section
    from ..publish import publish_post

    with _closing(web.store()) as store:
        sp = edits.load(store, run_id)
        saved = sp.run.get("output_path") or ""
        if not _same_file(saved, sp):  # publish what the page shows: save the current version first
            saved = str(edits.save_file(store, run_id, web.settings.out_dir))
        result = publish_post(saved, target, live=live, force=force, db=store.db,
                              wp_config=section("wordpress") if target.startswith("wordpress:") else None)
    return {"action": result.action, "target": result.target, "location": result.location, "file": saved}


def _same_file(path: str, sp: edits.StoredPost) -> bool:
    from ..render import to_markdown

    try:
        return bool(path) and Path(path).read_text(encoding="utf-8") == to_markdown(sp.post)
    except OSError:
        return False
