"""Run the web app with uvicorn: checks the port first, prints the address, stops cleanly on Ctrl-C
(running posts are cancelled and saved as drafts)."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable
from pathlib import Path

from blogwright.api.models import check_spec
from blogwright.api.writing import check_writable
from blogwright.core.errors import BadInput
from blogwright.web.app import Settings, create_app
from blogwright.web.security import is_loopback


def check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise BadInput(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                           "(is another server using it? choose another with --port)") from None


def url_for(host: str, port: int, token: str | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    if shown in ("0.0.0.0", "[::]"):
        shown = socket.gethostname()
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def serve(host: str = "127.0.0.1", port: int = 8000, model: str | None = None, out_dir: str | Path = "posts",
          token: str | None = None, say: Callable[[str], None] = lambda _m: None,
          allow_dirs: list[str | Path] | None = None) -> None:
    """Serve until Ctrl-C. Off loopback a token is required (one is made when none is given)."""
    import uvicorn

    if not 0 < port < 65536:
        raise BadInput(f"--port must be between 1 and 65535, not {port}")

    model = check_spec(model)  # None: $BLOGWRIGHT_MODEL, the config's default_model, else local
    check_writable(Path(out_dir).expanduser())
    for folder in allow_dirs or []:
        if not Path(folder).expanduser().is_dir():
            raise BadInput(f"--allow-dir {folder} is not a folder")
    loopback = is_loopback(host)
    if not loopback and not token:
        token = secrets.token_urlsafe(18)
    check_port(host, port)
    app = create_app(Settings(model=model, out_dir=Path(out_dir).expanduser(), token=token,
                              loopback=loopback, warm=not model.startswith("fake"),
                              discover_models=not model.startswith("fake"),
                              allow_dirs=[Path(d).expanduser() for d in allow_dirs or []]))
    say(f"blogwright is serving on {url_for(host, port, token)}  (posts are saved in {out_dir}; Ctrl-C stops)")
    if not loopback:
        say("not on localhost: anyone who can reach this address needs the token in that link")
    web = app.web  # type: ignore[attr-defined]
    stopped: list = []

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            for job in web.jobs.running():  # cancel first: their pages get "end" and let go
                job.cancel_requested = True
                stopped.append(job)
            super().handle_exit(sig, frame)

    try:
        Server(uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=20)).run()
    finally:
        saved = [j.path for j in stopped if j.path]
        say("stopped" + (f"; posts being written were saved as drafts: {', '.join(saved)}" if saved else ""))
