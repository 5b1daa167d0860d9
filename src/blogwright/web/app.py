"""The web app factory: `create_app(settings)` builds the Starlette app from `routes.ROUTES`, puts the
shared state (`state.Web`) on `app.state.web`, and wraps it in the security guard."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from blogwright.api.models import load_embeddings
from blogwright.core.errors import BlogwrightError
from blogwright.core.limits import limit
from blogwright.web.routes import ROUTES, error
from blogwright.web.security import Guard
from blogwright.web.state import Settings, Web

__all__ = ["Settings", "Web", "create_app"]


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    web: Web = app.state.web
    if web.settings.warm:
        threading.Thread(target=load_embeddings, daemon=True, name="blogwright-warm").start()
    yield
    await run_in_threadpool(web.shutdown)


async def on_user_error(request: Request, exc: Exception) -> Response:
    """A `BlogwrightError` from any handler: its message as JSON, status 400."""
    return error(exc, 400)


def create_app(settings: Settings | None = None) -> Guard:
    web = Web(settings or Settings())
    app = Starlette(routes=ROUTES, lifespan=lifespan, exception_handlers={BlogwrightError: on_user_error})
    app.state.web = web
    guard = Guard(app, token=web.settings.token, loopback=web.settings.loopback, max_body=limit("request"))
    guard.web = web  # type: ignore[attr-defined]
    return guard
