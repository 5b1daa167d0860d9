"""Limits on what a user (or a web page, or a model) can make blogwright read or do, in one place.

Every limit has a default, an environment variable, and can be set for one command with the global
`--limit NAME=VALUE` option (`blogwright --limit file=50M check big.md`). Sizes take k/M/G suffixes
(powers of 1000). The README's "Limits" section lists them; `describe()` prints the same table.

    limit("file")        # bytes of any one user file: notes, posts to check or publish, voices, scripts
    human_size(limit("source"))
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from blogwright.core.errors import BadInput

__all__ = ["LIMITS", "Limit", "describe", "human_size", "limit", "parse_size", "set_override", "clear_overrides"]


@dataclass(frozen=True)
class Limit:
    name: str
    default: int
    env: str
    what: str
    size: bool = True  # a number of bytes (k/M/G suffixes), else a count


LIMITS: dict[str, Limit] = {lim.name: lim for lim in (
    Limit("file", 5_000_000, "BLOGWRIGHT_MAX_FILE_BYTES",
          "any one file blogwright reads for you: a post to check or publish, notes, a voice, a fake script, a calendar"),
    Limit("notes", 200, "BLOGWRIGHT_MAX_NOTES", "lines in --notes (one fact per line)", size=False),
    Limit("note_chars", 2_000, "BLOGWRIGHT_MAX_NOTE_CHARS", "characters in one note", size=False),
    Limit("sources", 20, "BLOGWRIGHT_MAX_SOURCES", "--source files and URLs per post", size=False),
    Limit("source", 2_000_000, "BLOGWRIGHT_MAX_SOURCE_BYTES", "bytes of one --source (file or URL)"),
    Limit("sources_total", 5_000_000, "BLOGWRIGHT_MAX_SOURCES_BYTES",
          "characters of all --source texts together (indexing embeds ~1 MB a minute, once: it is cached)"),
    Limit("corpus", 50_000_000, "BLOGWRIGHT_MAX_CORPUS_BYTES", "bytes of all files `voice learn` reads"),
    Limit("corpus_files", 2_000, "BLOGWRIGHT_MAX_CORPUS_FILES", "files `voice learn` reads", size=False),
    Limit("request", 1_000_000, "BLOGWRIGHT_MAX_REQUEST_BYTES", "bytes of one request body to `blogwright serve`"),
    Limit("json_depth", 20, "BLOGWRIGHT_MAX_JSON_DEPTH", "nesting of a JSON request body", size=False),
    Limit("yaml_aliases", 100, "BLOGWRIGHT_MAX_YAML_ALIASES", "YAML aliases (*name) in one document", size=False),
    Limit("image", 20_000_000, "BLOGWRIGHT_MAX_IMAGE_BYTES", "bytes of one image `publish` copies"),
    Limit("model_bytes", 10_000_000, "BLOGWRIGHT_MAX_MODEL_BYTES",
          "bytes one answer of a model server may send (streamed or not); a longer stream is cut there"),
)}

_OVERRIDES: dict[str, int] = {}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.I)
_MULT = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(text: str, what: str = "limit") -> int:
    """'5M' -> 5_000_000, '200' -> 200, '1.5k' -> 1500; BadInput otherwise (also for 0 or less)."""
    m = _SIZE.match(str(text))
    if not m:
        raise BadInput(f"{what}: {str(text)[:40]!r} is not a number (use e.g. 200, 500k, 5M)")
    value = int(float(m.group(1)) * _MULT[m.group(2).lower()])
    if value <= 0:
        raise BadInput(f"{what}: must be more than 0")
    return value


def set_override(spec: str) -> None:
    """`NAME=VALUE` from `--limit`: this process uses VALUE for NAME."""
    name, sep, value = spec.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or name not in LIMITS:
        raise BadInput(f"--limit {spec[:60]!r}: use NAME=VALUE with NAME one of {', '.join(LIMITS)}")
    _OVERRIDES[name] = parse_size(value, f"--limit {name}")


def clear_overrides() -> None:
    _OVERRIDES.clear()


def limit(name: str) -> int:
    """The limit in force: `--limit`, else its environment variable, else the default."""
    lim = LIMITS[name]
    if name in _OVERRIDES:
        return _OVERRIDES[name]
    env = os.environ.get(lim.env, "").strip()
    return parse_size(env, lim.env) if env else lim.default


def how_to_raise(name: str) -> str:
    lim = LIMITS[name]
    return f"{lim.env}=... or `blogwright --limit {name}=...` raises it"


def human_size(n: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def describe() -> list[tuple[str, str, str, str]]:
    """(name, default, environment variable, what) for each limit, for docs and `--help`."""
    return [(lim.name, human_size(lim.default) if lim.size else str(lim.default), lim.env, lim.what)
            for lim in LIMITS.values()]
