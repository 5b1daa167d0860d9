"""Versioned prompt templates, kept as package data and rendered with Jinja (StrictUndefined).

Each template starts with `{#- version: N -#}`. Rendering is a pure function returning the text
with the template's name, version and a hash of its source, which the log records per call.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import jinja2

_VERSION = re.compile(r"\{#-?\s*version:\s*(\d+)")


@dataclass(frozen=True)
class Rendered:
    name: str
    version: int
    hash: str
    text: str

    @property
    def ref(self) -> str:
        return f"{self.name}@v{self.version}"


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_source),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _source(name: str) -> str:
    try:
        return resources.files(__package__).joinpath(f"{name}.j2").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise jinja2.TemplateNotFound(name) from None


def names() -> list[str]:
    return sorted(
        p.name[:-3] for p in resources.files(__package__).iterdir() if p.name.endswith(".j2")
    )


@cache
def meta(name: str) -> tuple[int, str]:
    """(version, short sha256) of a template's source."""
    src = _source(name)
    m = _VERSION.search(src)
    version = int(m.group(1)) if m else 0
    return version, hashlib.sha256(src.encode()).hexdigest()[:12]


def render(name: str, **context) -> Rendered:
    """Render template `name`; a missing variable raises jinja2.UndefinedError."""
    text = _env().get_template(name).render(**context)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    version, digest = meta(name)
    return Rendered(name=name, version=version, hash=digest, text=text)
