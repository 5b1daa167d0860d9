"""The web app's handlers: server-rendered pages (Jinja) and a small JSON + SSE API, all driving the
same library the CLI uses (`api`, `edits`, `publish`).

Every handler is a module-level function that reads the shared state (`Web`) from
`request.app.state.web`. Blocking work (the log, the checks, the model) runs in the thread pool, in
the `_...` functions below the handlers. A `BlogwrightError` escaping a handler becomes a 400 with
`{"error": message}` (see `app.create_app`).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from blogwright.api import posts as edits
from blogwright.api import research as research_api
from blogwright.api.posts import publish_post, regenerate_section, render, to_markdown
from blogwright.api.voices import all_voices
from blogwright.core.config import section
from blogwright.core.errors import BadInput, BlogwrightError
from blogwright.core.limits import limit
from blogwright.core.redact import redact
from blogwright.core.sanitize import fix_surrogates
from blogwright.model.post import Post
from blogwright.web.forms import check_target, form_defaults, request_from_form
from blogwright.web.jobs import Job
from blogwright.web.state import HERE, Web, page_parts

KEEP_ALIVE_S = 15.0  # an SSE comment this often keeps proxies from closing an idle stream
POLL_S = 0.1


def state(request: Request) -> Web:
    return request.app.state.web


def error(exc: Exception | str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": redact(fix_surrogates(str(exc)))}, status_code=status)


async def read_body(request: Request) -> bytes:
    """The request body, refused past `limit("request")` even when it came without a Content-Length."""
    max_body = limit("request")  # BLOGWRIGHT_MAX_REQUEST_BYTES, `--limit request=...` (core.limits)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise BadInput(f"request too large (limit {max_body:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request) -> dict:
    """The body as a JSON object, at most `limit("json_depth")` levels deep; BadInput (400) otherwise."""
    body = await read_body(request)
    if _depth(body) > limit("json_depth"):
        raise BadInput(f"the request body is nested deeper than {limit('json_depth')} levels")
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadInput("the request body is not JSON") from None
    if not isinstance(data, dict):
        raise BadInput("the request body must be a JSON object")
    return data


def _depth(body: bytes) -> int:
    """How deeply `[` and `{` nest in a JSON text (brackets inside strings not counted)."""
    depth = deepest = 0
    in_string = escaped = False
    for c in body.decode("utf-8", "replace"):
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth -= 1
    return deepest


def text_field(data: dict, name: str, *, default: str | None = None, max_chars: int = 100_000) -> str:
    """`data[name]` as text: a JSON string (lone surrogates replaced), else `default` when the field
    is missing or null and a default is given; BadInput for any other type or a missing value."""
    value = data.get(name)
    if value is None:
        if default is None:
            raise BadInput(f"{name!r} is missing: send it as a JSON string")
        return default
    if not isinstance(value, str):
        raise BadInput(f"{name!r} must be a JSON string, not {type(value).__name__}")
    if len(value) > max_chars:
        raise BadInput(f"{name!r} is {len(value):,} characters; at most {max_chars:,}")
    return fix_surrogates(value)


def bool_field(data: dict, name: str) -> bool:
    """`data[name]` as true/false (missing or null: false); BadInput for any other type."""
    value = data.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise BadInput(f"{name!r} must be true or false, not {json.dumps(value)[:40]}")
    return value


# ---- pages ---------------------------------------------------------------------------------------

async def new_post(request: Request) -> Response:
    web = state(request)
    voices = await run_in_threadpool(all_voices, True)
    return web.page("new.html", voices=voices, form=form_defaults(web.settings.model), error="",
                    running=[j.snapshot() for j in web.jobs.running()])


async def start(request: Request) -> Response:
    web = state(request)
    form: dict[str, str] = {}
    try:
        form = {k: v[-1] for k, v in parse_qs((await read_body(request)).decode("utf-8", "replace"),
                                               keep_blank_values=True).items()}
        job = web.jobs.start(await run_in_threadpool(request_from_form, form, web.allowed_dirs()))
    except BlogwrightError as exc:
        voices = await run_in_threadpool(all_voices, True)
        return web.page("new.html", status=400, voices=voices, form={**form_defaults(web.settings.model), **form},
                        error=str(exc), running=[j.snapshot() for j in web.jobs.running()])
    return RedirectResponse(f"/write/{job.id}", status_code=303)


async def find_notes(request: Request) -> Response:
    """`Find notes first`: research the form's topic and put the notes found (each with its page) in
    the Notes box, to edit before writing; the form comes back as it was otherwise."""
    web = state(request)
    form: dict[str, str] = {}
    try:
        form = {k: v[-1] for k, v in parse_qs((await read_body(request)).decode("utf-8", "replace"),
                                               keep_blank_values=True).items()}
        req = await run_in_threadpool(request_from_form, form, web.allowed_dirs())
        found = await run_in_threadpool(lambda: research_api.find_notes(req.brief.topic, search=req.search, words=req.brief.words))
        notes = found.markdown()
        form["notes"] = (form.get("notes", "").rstrip() + "\n\n" + notes).strip() if form.get("notes", "").strip() else notes
        error = ""
    except BlogwrightError as exc:
        error = str(exc)
    voices = await run_in_threadpool(all_voices, True)
    return web.page("new.html", status=400 if error else 200, voices=voices,
                    form={**form_defaults(web.settings.model), **form, "library": form.get("library", "")},
                    error=error, running=[j.snapshot() for j in web.jobs.running()])


async def job_page(request: Request) -> Response:
    web = state(request)
    job_id = request.path_params["job_id"]
    job = web.jobs.get(job_id)
    if job is None:
        run = await run_in_threadpool(_run_row, web, job_id)
        if run and run.get("post"):
            return RedirectResponse(f"/posts/{job_id}", status_code=303)
        return web.page("missing.html", status=404, what=f"no post is being written as {job_id}")
    return web.page("job.html", state=job.snapshot())


async def post_page(request: Request) -> Response:
    web = state(request)
    try:
        sp, reports = await run_in_threadpool(_load_with_reports, web, request.path_params["run_id"])
        voice = await run_in_threadpool(edits.post_voice, sp, web.gates())
    except BadInput as exc:
        return web.page("missing.html", status=404, what=str(exc))
    return web.page("post.html", sp=sp, parts=page_parts(sp.post), reports=reports, voice=voice,
                    words=edits.post_words(sp.post),
                    learned=edits.is_learned(sp.post.voice), report=sp.post.report.checks.to_dict() if sp.post.report and sp.post.report.checks else None)


async def export(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in ("md", "html"):
        return error(f"cannot export as {fmt}: use md or html", 404)
    try:
        post = await run_in_threadpool(_load_post, state(request), request.path_params["run_id"])
    except BadInput as exc:
        return error(exc, 404)
    name = f"{post.date.isoformat()}-{post.slug or 'post'}.{fmt}"
    media = "text/markdown" if fmt == "md" else "text/html"
    return Response(render(post, fmt), media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def library(request: Request) -> Response:
    web = state(request)
    rows = await run_in_threadpool(_runs, web)
    return web.page("library.html", runs=rows, live={k: j.status for k, j in list(web.jobs.jobs.items())})


async def health(request: Request) -> Response:
    return JSONResponse({"ok": True, "running": len(state(request).jobs.running())})


# ---- jobs: a post being written ------------------------------------------------------------------

async def job_state(request: Request) -> Response:
    job = state(request).jobs.get(request.path_params["job_id"])
    return JSONResponse(job.snapshot()) if job else error("no such job", 404)


async def job_events(request: Request) -> Response:
    """The job's events after `Last-Event-ID` (or `?after=`) as server-sent events, until it ends."""
    job = state(request).jobs.get(request.path_params["job_id"])
    if job is None:
        return error("no such job", 404)
    after = (request.headers.get("last-event-id") or request.query_params.get("after") or "0").strip()
    if not re.fullmatch(r"[0-9]{1,12}", after):
        return error("Last-Event-ID (or ?after=) must be an event number", 400)
    seq = min(int(after), len(job.events))  # past the end: from the end (and "end" if it is over)
    return StreamingResponse(event_stream(request, job, seq),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


async def event_stream(request: Request, job: Job, seq: int) -> AsyncIterator[str]:
    idle = 0.0
    while True:
        batch = job.events_after(seq)
        for message in merge_tokens(batch):
            yield f"id: {message['seq']}\ndata: {json.dumps(message)}\n\n"
            seq = message["seq"]
        if (batch and batch[-1]["kind"] == "end") or (not batch and not job.running):
            yield "event: end\ndata: {}\n\n"
            return
        if await request.is_disconnected():
            return
        idle = 0.0 if batch else idle + POLL_S
        if idle >= KEEP_ALIVE_S:
            idle = 0.0
            yield ": keep-alive\n\n"
        await asyncio.sleep(POLL_S)


def merge_tokens(batch: list[dict]) -> list[dict]:
    """Consecutive token events become one message (fewer, larger SSE frames)."""
    out: list[dict] = []
    for e in batch:
        if e["kind"] == "token" and out and out[-1]["kind"] == "token":
            out[-1] = {**out[-1], "seq": e["seq"], "text": out[-1]["text"] + e["text"], "n": out[-1]["n"] + 1}
        else:
            out.append({**e, "n": 1} if e["kind"] == "token" else dict(e))
    return out


async def job_answers(request: Request) -> Response:
    """The answers to the job's questions: {"answers": [text, ...]} (one per question, "" skips one;
    an empty list or {"skip": true} skips them all). 409 when the job is not asking."""
    job = state(request).jobs.get(request.path_params["job_id"])
    if job is None:
        return error("no such job", 404)
    data = await read_json(request)
    answers = [] if bool_field(data, "skip") else data.get("answers", [])
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise BadInput("'answers' must be a list of JSON strings")
    if not job.asking:
        return error("this post is not waiting for answers", 409)
    return JSONResponse({"ok": True, "answered": job.answer([fix_surrogates(a) for a in answers])})


async def job_cancel(request: Request) -> Response:
    job = state(request).jobs.cancel(request.path_params["job_id"])
    if job is None:
        return error("no such job", 404)
    return JSONResponse({"status": job.status, "cancelling": job.cancel_requested})


# ---- a written post: edit, regenerate, revert, save, publish -------------------------------------

async def part_save(request: Request) -> Response:
    data = await read_json(request)
    origin = "regenerate" if text_field(data, "origin", default="edit") == "regenerate" else "edit"
    await run_in_threadpool(_save_part, state(request), request.path_params["run_id"], request.path_params["part"],
                            text_field(data, "text"), origin, text_field(data, "instruction", default="") or None)
    return JSONResponse({"ok": True})


async def meta_save(request: Request) -> Response:
    data = await read_json(request)
    fields = {k: (v if k == "tags" and isinstance(v, list) else text_field(data, k, default="", max_chars=2_000))
              for k, v in data.items()}  # an unknown field is refused by edits.save_meta
    await run_in_threadpool(_save_meta, state(request), request.path_params["run_id"], fields)
    return JSONResponse({"ok": True})


def _save_meta(web: Web, run_id: str, fields: dict[str, Any]) -> None:
    with web.store() as store:
        edits.save_meta(store, run_id, fields)


async def part_revert(request: Request) -> Response:
    await run_in_threadpool(_revert_part, state(request), request.path_params["run_id"], request.path_params["part"])
    return JSONResponse({"ok": True})


async def part_regenerate(request: Request) -> Response:
    data = await read_json(request)
    return JSONResponse(await run_in_threadpool(_regenerate, state(request), request.path_params["run_id"],
                                                request.path_params["part"],
                                                text_field(data, "instruction", default="", max_chars=2_000)))


async def post_save(request: Request) -> Response:
    return JSONResponse(await run_in_threadpool(_save, state(request), request.path_params["run_id"]))


async def post_publish(request: Request) -> Response:
    data = await read_json(request)
    return JSONResponse(await run_in_threadpool(_publish, state(request), request.path_params["run_id"],
                                                text_field(data, "target", max_chars=2_000),
                                                bool_field(data, "live"), bool_field(data, "force")))


ROUTES = [
    Route("/", new_post), Route("/write", start, methods=["POST"]),
    Route("/research", find_notes, methods=["POST"]),
    Route("/write/{job_id}", job_page), Route("/posts/{run_id}", post_page),
    Route("/posts/{run_id}/export.{fmt}", export), Route("/library", library), Route("/healthz", health),
    Route("/api/jobs/{job_id}", job_state), Route("/api/jobs/{job_id}/events", job_events),
    Route("/api/jobs/{job_id}/cancel", job_cancel, methods=["POST"]),
    Route("/api/jobs/{job_id}/answers", job_answers, methods=["POST"]),
    Route("/api/posts/{run_id}/parts/{part}", part_save, methods=["POST"]),
    Route("/api/posts/{run_id}/meta", meta_save, methods=["POST"]),
    Route("/api/posts/{run_id}/parts/{part}/revert", part_revert, methods=["POST"]),
    Route("/api/posts/{run_id}/parts/{part}/regenerate", part_regenerate, methods=["POST"]),
    Route("/api/posts/{run_id}/save", post_save, methods=["POST"]),
    Route("/api/posts/{run_id}/publish", post_publish, methods=["POST"]),
    Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
]


# ---- the blocking work, run in the thread pool ---------------------------------------------------

def _run_row(web: Web, run_id: str) -> dict | None:
    with web.store() as store:
        return store.run(run_id)


def _runs(web: Web) -> list[dict]:
    with web.store() as store:
        return store.runs(200)


def _load_post(web: Web, run_id: str) -> Post:
    with web.store() as store:
        return edits.load(store, run_id).post


def _load_with_reports(web: Web, run_id: str) -> tuple[edits.StoredPost, dict[str, dict]]:
    with web.store() as store:
        sp = edits.load(store, run_id)
    return sp, edits.part_reports(sp, web.gates())


def _save_part(web: Web, run_id: str, part: str, text: str, origin: str, instruction: str | None) -> None:
    with web.store() as store:
        edits.save_part(store, run_id, part, text, origin, instruction)


def _revert_part(web: Web, run_id: str, part: str) -> None:
    with web.store() as store:
        edits.revert_part(store, run_id, part)


def _regenerate(web: Web, run_id: str, part: str, instruction: str) -> dict:
    with web.store() as store:
        sp = edits.load(store, run_id)
        index = edits.require_section(sp.post, part)
        backend, lock = web.editor(web.model_of(run_id))
        with lock:
            new = regenerate_section(sp.post, sp.brief, index, backend, store, instruction=instruction,
                                     attempt=web.press(run_id, part))
    report = edits.part_report(sp, new.heading, new.text, web.gates())
    return {"text": new.text, "notes": new.notes, "report": report}


def _save(web: Web, run_id: str) -> dict:
    with web.store() as store:
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
    check_target(target, web.allowed_dirs())  # the page writes only where it may read; WordPress: public
    with web.store() as store:
        sp = edits.load(store, run_id)
        saved = sp.run.get("output_path") or ""
        if not _same_file(saved, sp):  # publish what the page shows: save the current version first
            saved = str(edits.save_file(store, run_id, web.settings.out_dir))
        result = publish_post(saved, target, live=live, force=force, overwrite=force, db=store.db,
                              wp_config=section("wordpress") if target.startswith("wordpress:") else None)
    return {"action": result.action, "target": result.target, "location": result.location, "file": saved}


def _same_file(path: str, sp: edits.StoredPost) -> bool:
    try:
        return bool(path) and Path(path).read_text(encoding="utf-8") == to_markdown(sp.post)
    except OSError:
        return False
