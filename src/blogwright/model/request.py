"""The typed write request: the brief and every option of a write, declared and validated here once.

Every front end builds a `WriteRequest` (`blogwright write`'s flags, the web form, a batch row) and
passes it to `api.write`, which passes it to `pipeline.run.write_post`; nothing in between lists the
options again. Adding an option is one field here (its default and its check); a front end that
offers it sets it, and the stage that uses it reads `request.<field>` (`ctx.request` in the pipeline).

What is not data stays out of the request: the progress sink, a backend object a caller already
made, the interview's question asker (those are arguments of `api.write`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from blogwright.model.brief import Brief
from blogwright.model.options import (
    DEFAULT_CANDIDATES,
    DEFAULT_FORMAT,
    DEFAULT_SEED,
    FORMATS,
    MAX_CANDIDATES,
    STDOUT,
    UNSUPPORTED_MODES,
)
from blogwright.model.validate import validated

CHOICES = {"unsupported": ("--unsupported", UNSUPPORTED_MODES), "fmt": ("--format", FORMATS)}  # field: (flag, values)

class Front(BaseModel):
    """Front matter a blogger sets on a post (`write --category --cover --cover-alt --canonical --series`,
    a batch row's date, categories and series). Empty fields are not set on the post."""

    model_config = ConfigDict(frozen=True)

    categories: list[str] = Field(default_factory=list)
    cover: str = ""  # a path relative to the post's folder, or an http(s) URL (the CLI resolves a file)
    cover_alt: str = ""
    canonical_url: str = ""
    series: str = ""
    date: dt.date | None = None

    @field_validator("categories")
    @classmethod
    def _categories(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(c.strip() for c in v if c and c.strip()))

    @field_validator("cover", "cover_alt", "series", "canonical_url")
    @classmethod
    def _strip(cls, v: str) -> str:
        return (v or "").strip()

    @field_validator("canonical_url")
    @classmethod
    def _canonical(cls, v: str) -> str:
        parts = urlsplit(v)
        if v and (parts.scheme not in ("http", "https") or not parts.netloc):
            raise ValueError(f"--canonical {v!r} must be a full URL (https://example.org/the-original-post/)")
        return v

    @model_validator(mode="after")
    def _alt_needs_cover(self) -> Front:
        if self.cover_alt and not self.cover:
            raise ValueError("--cover-alt describes the --cover image: give --cover PATH|URL too")
        return self

    def post_fields(self) -> dict[str, Any]:
        """The Post fields to set: only those given."""
        return self.model_dump(exclude_defaults=True)


class WriteRequest(BaseModel):
    """What to write (`brief`) and how. Validated on construction (`make_request` turns errors into
    `BadInput`); `with_options` returns a copy with options changed, validated again."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=False)

    brief: Brief
    model: str | None = None  # a --model spec; None: the default model (core.config.default_model)
    base_url: str | None = None  # an OpenAI-compatible server's URL (backend option)
    api_key: str | None = Field(default=None, repr=False, exclude=True)  # never shown, never stored
    seed: int = DEFAULT_SEED
    out_dir: str = "."  # the folder the post is saved in; STDOUT ("-"): returned, not saved
    fmt: Literal["md", "html", "json"] = DEFAULT_FORMAT  # one of FORMATS
    stream: bool = False  # stream the model's text as events (TokenStreamed)
    candidates: int = Field(default=DEFAULT_CANDIDATES, ge=1, le=MAX_CANDIDATES)
    no_log: bool = False  # do not keep the run in the SQLite log
    # None: rewrite (then cut) on an untrusted model with facts, else flag (pipeline/truth.py)
    unsupported: Literal["flag", "cut", "rewrite"] | None = None
    # whether the model's own facts are trusted; None: a small model (`backend.weak`) is not
    untrusted: bool | None = None
    interview: bool = False  # after planning, ask the user questions; the answers become notes
    offer_interview: bool = False  # ask them only when an untrusted model has no facts (a terminal)
    run_id: str | None = None  # a run id fixed by the caller (the web's job id, a batch's item)
    front: Front = Field(default_factory=Front)
    research: bool = False  # search the web for the topic and each planned section (`--research`)
    search: str | None = None  # the search provider spec (`--search`); None: research.default_search
    library: bool | None = None  # passages from the user's library; None: when it has files
    allow_private_urls: bool | None = None  # research may fetch private addresses; None: the config's

    @field_validator("unsupported", "fmt", mode="before")
    @classmethod
    def _one_of(cls, v: Any, info: ValidationInfo) -> Any:
        flag, choices = CHOICES[info.field_name or ""]
        v = getattr(v, "value", v)  # the CLI's enums
        if v is None and info.field_name == "unsupported":
            return v  # decided per run (pipeline/truth.py)
        if v not in choices:
            raise ValueError(f"{flag} must be one of {', '.join(choices)}, not {v!r}")
        return v

    @field_validator("candidates", mode="before")
    @classmethod
    def _candidates(cls, v: Any) -> Any:
        if isinstance(v, int) and not 1 <= v <= MAX_CANDIDATES:
            raise ValueError(f"--candidates must be between 1 and {MAX_CANDIDATES}, not {v}")
        return v

    @field_validator("out_dir", mode="before")
    @classmethod
    def _out_dir(cls, v: Any) -> str:
        return str(v)

    @property
    def to_stdout(self) -> bool:
        return self.out_dir == STDOUT

    def backend_options(self) -> dict[str, Any]:
        """Keyword options for `backends.get_backend`."""
        return {"base_url": self.base_url, "api_key": self.api_key}

    def with_options(self, **options: Any) -> WriteRequest:
        """A copy with `options` (fields of this class) changed, validated like a new request."""
        unknown = sorted(set(options) - set(type(self).model_fields))
        if unknown:
            raise TypeError(f"not an option of a write: {', '.join(unknown)}")
        if not options:
            return self
        data = {name: getattr(self, name) for name in type(self).model_fields}
        return make_request(**{**data, **options})

    @classmethod
    def of(cls, brief: Brief | WriteRequest, **options: Any) -> WriteRequest:
        """A request from a brief (default options) or a request, with `options` changed."""
        if isinstance(brief, WriteRequest):
            return brief.with_options(**options)
        return make_request(brief=brief, **options)


def make_request(**fields: Any) -> WriteRequest:
    """Build a WriteRequest, turning validation errors into one readable `BadInput`."""
    return validated(WriteRequest, **fields)


def make_front(**fields: Any) -> Front:
    return validated(Front, **fields)

