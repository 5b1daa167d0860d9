"""What the web app's handlers share: its settings, the jobs, the editors' backends and the templates.

`create_app` puts one `Web` on `app.state.web`; every handler in `routes` reads it from there.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from starlette.responses import HTMLResponse

from blogwright.api.models import Backend, GateConfig, close_backend, get_backend, usable_models
from blogwright.api.posts import markdown_html
from blogwright.api.runs import Store, open_store
from blogwright.core.paths import data_dir
from blogwright.model.post import (
    CONCLUSION,
    CONCLUSION_HEADING,
    INTRO,
    INTRO_LABEL,
    TLDR_LABEL,
    Post,
    parts_of,
    section_index,
)
from blogwright.model.report import gate_label
from blogwright.web.forms import BOUNDS
from blogwright.web.jobs import INTERVIEW_WAIT_S, JobManager

HERE = Path(__file__).parent

# The post's layout as the page script needs it (app.js reads it from the page, never its own copy).
LAYOUT = {"intro": {"part": INTRO, "heading": INTRO_LABEL},
          "conclusion": {"part": CONCLUSION, "heading": CONCLUSION_HEADING},
          "tldr": TLDR_LABEL,
          "untitled": "Section"}  # + its number: the label of a section with no heading (a short post's paragraphs)


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
    discover_models: bool = False  # list `blogwright models` in the page's model picker (found at start)
    db: str = "default"
    allow_dirs: list[Path] = field(default_factory=list)  # `serve --allow-dir`: more folders the form may name files in
    interview_wait_s: float = INTERVIEW_WAIT_S  # how long a post waits for the answers to its questions


_CITE = re.compile(r"\[(\d{1,3})\]")


def markdown_filter(text: str) -> Markup:
    """Markdown as HTML (the one renderer: raw HTML escaped, unsafe links dropped), `[n]` linked."""
    return Markup(markdown_html(text or ""))


def cite_filter(text: str) -> Markup:
    """Plain text, escaped, with each `[n]` a link to the References list."""
    return Markup(_CITE.sub(r'<a class="cite" href="#references">[\1]</a>', str(escape(text or ""))))


def page_parts(post: Post) -> list[tuple[str, str, str]]:
    """`parts_of(post)` with a label for every part: a section with no heading (a short post has
    none) is "Section N", as the page that watches the post being written calls it."""
    return [(part, heading or f"{LAYOUT['untitled']} {section_index(part) + 1}", text)
            if is_section(part) else (part, heading, text) for part, heading, text in parts_of(post)]


def is_section(part: str) -> bool:
    """True for a section's part name ("s0", "s1", ...): those can be regenerated."""
    return section_index(part) is not None


class Web:
    """State shared by the handlers: the jobs, the editors' backends, the templates."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.jobs = JobManager(settings.backend_factory, settings.out_dir, gates=self.gates,
                               interview_wait_s=settings.interview_wait_s)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                      autoescape=True, undefined=jinja2.StrictUndefined)
        self.env.globals.update(layout=LAYOUT, is_section=is_section, bounds=BOUNDS)
        self.env.filters.update(markdown=markdown_filter, cite=cite_filter, gate_label=gate_label)
        self._editors: dict[str, tuple[Backend, threading.Lock]] = {}
        self._editors_lock = threading.Lock()
        self._presses: dict[tuple[str, str], int] = {}
        self._models: list[str] | None = None
        if settings.discover_models:
            threading.Thread(target=self.find_models, name="blogwright-models", daemon=True).start()

    def store(self) -> Store:
        """A connection to the log for one request: use it in `with`."""
        return open_store(path=self.settings.db)

    def allowed_dirs(self) -> list[Path]:
        """Folders the new-post form may name files in (sources, voice files, model files): the data
        dir, the server's --out folder and each --allow-dir."""
        return [data_dir(), Path(self.settings.out_dir).expanduser(), *(Path(d).expanduser() for d in self.settings.allow_dirs)]

    def gates(self) -> GateConfig:
        return self.settings.gates or GateConfig.load()

    def find_models(self) -> list[str]:
        """The model picker's choices: the server's model, `local`, and (with `discover_models`) every
        ready model `blogwright models` lists. Found once, on a thread at start."""
        specs = [self.settings.model, "local"]
        if self.settings.discover_models:
            specs += [e.spec for e in usable_models() if e.status == "ready"]
        self._models = list(dict.fromkeys(specs))
        return self._models

    def page(self, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        models = self._models or [self.settings.model, "local"]  # never waits for the discovery
        html = self.env.get_template(name).render(model_default=self.settings.model, model_choices=models, **ctx)
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

    def model_of(self, run_id: str) -> str:
        """The model a post was written with, when its job is still known; else the server's."""
        job = self.jobs.get(run_id)
        return job.model if job else self.settings.model

    def shutdown(self) -> None:
        """Cancel running jobs (their drafts are saved), then free the editors' models."""
        self.jobs.shutdown()
        with self._editors_lock:
            editors, self._editors = list(self._editors.values()), {}
        for backend, lock in editors:
            with lock:  # not while a regeneration is using it
                close_backend(backend)
