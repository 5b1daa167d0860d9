"""Browser tests: the real server (uvicorn on 127.0.0.1) driven by Debian's Chromium through Playwright.

No browser is downloaded: Playwright launches /usr/bin/chromium (apt package `chromium`, installed by
`make services`). Screenshots of each step go to tests/artifacts/browser/.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Self

import pytest

from blogwright.backends.fake import FakeBackend, default_responder
from blogwright.checks import GateConfig
from blogwright.web import Settings, create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parents[1] / "artifacts" / "browser"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `make services` (apt install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kitchen_fake(messages, params) -> str:
    """The default fake, plus a sentence when the user asked for a kitchen analogy."""
    text = default_responder(messages, params)
    if "kitchen" in messages[-1].content.lower():
        text = "Think of a busy kitchen, where scraps pile up every day and need a place to go. " + text
    return text


class Server:
    def __init__(self, settings: Settings):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(settings)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.app.web.jobs.shutdown(timeout=30)
        self.server.should_exit = True
        self.thread.join(30)


@pytest.fixture
def fake_server(tmp_path):
    settings = Settings(model="fake", out_dir=tmp_path / "posts", gates=GateConfig(embeddings=False),
                        backend_factory=lambda spec: FakeBackend(function=kitchen_fake, delay=0.02))
    with Server(settings) as s:
        yield s
