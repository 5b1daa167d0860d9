"""Front matter, read and written in one place: YAML between `---` lines (a closing `...` is
accepted) and TOML between `+++` lines (Hugo), with python-frontmatter's handler interface.

Reading never executes anything and never raises: YAML goes through `core.yamlsafe.load_yaml`
(safe tags only, so no `!!python/object`; a document of nested aliases is refused before it is
built; size and nesting capped), TOML through `tomllib`. A block that cannot be read is reported
in `FrontMatter.error` with empty `data`; a `---` that is never closed is a thematic break, not
front matter. Writing keeps the key order (TOML puts tables last); TOML has no null, so None
values are left out of it.

    fm = parse(text)          # fm.data, fm.body, fm.format ("yaml" | "toml" | ""), fm.error
    text = dumps(data, body, "toml")
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import tomli_w
import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from blogwright.core.errors import BadInput
from blogwright.core.yamlsafe import load_yaml

__all__ = ["FORMATS", "FrontMatter", "FrontMatterError", "block", "dumps", "format_of", "load_block", "parse", "read",
           "split", "strip_metadata_header"]

FORMATS = ("yaml", "toml")


class FrontMatterError(BadInput, ValueError):
    """The block is there but cannot be read (bad syntax, not a mapping, refused). A `BadInput` (the
    user's file), and a ValueError for the callers that catch parse errors as such."""


class SafeYAMLHandler(YAMLHandler):
    """`---` YAML, loaded with the bounded safe loader, written in block style with keys in order."""

    def load(self, fm: str, **kwargs: object) -> Any:
        try:
            return load_yaml(fm, "front matter") if fm.strip() else {}
        except BadInput as exc:
            raise FrontMatterError(str(exc)) from None

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return yaml.safe_dump(dict(metadata), sort_keys=False, allow_unicode=True, width=1000).rstrip("\n")


class TOMLHandler(BaseHandler):
    """`+++` TOML (Hugo): read with tomllib, written with tomli-w."""

    FM_BOUNDARY = re.compile(r"^\+{3}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        try:
            return tomllib.loads(fm)
        except tomllib.TOMLDecodeError as exc:
            raise FrontMatterError(f"front matter is not valid TOML: {exc}") from None

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return tomli_w.dumps(_toml_ready(metadata)).rstrip("\n")


HANDLERS: dict[str, BaseHandler] = {"yaml": SafeYAMLHandler(), "toml": TOMLHandler()}
_CLOSERS = {"---": ("---", "..."), "+++": ("+++",)}
_FORMAT = {"---": "yaml", "+++": "toml"}


def format_of(head: str) -> str:
    """"yaml" or "toml" when `head` (a file's first characters) opens a front matter block, else ""."""
    return next((fmt for delim, fmt in _FORMAT.items() if head.lstrip("\ufeff").startswith(delim)), "")


def _toml_ready(value: Any) -> Any:
    """Drop None (TOML has no null); tuples and sets to lists; unknown objects to strings."""
    if isinstance(value, dict):
        return {str(k): _toml_ready(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [_toml_ready(v) for v in items if v is not None]
    if isinstance(value, (str, bool, int, float, dt.date, dt.time)):
        return value
    return str(value)


@dataclass
class FrontMatter:
    """What `parse` found: the mapping, the body after the block and where that body starts."""

    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    format: str = ""  # "yaml", "toml", or "" when the text has no front matter
    error: str = ""  # why the block could not be read ("" when it could, or when there is none)
    body_line: int = 0  # 0-based index of the body's first line in the text
    raw: str = ""  # the text between the fences

    @property
    def present(self) -> bool:
        return bool(self.format)


def split(text: str) -> FrontMatter:
    """Locate a leading front matter block without reading it (data stays empty)."""
    lines = text.split("\n")
    opener = lines[0].lstrip("\ufeff").strip() if lines else ""
    if opener not in _CLOSERS:
        return FrontMatter(body=text)
    for i in range(1, len(lines)):
        if lines[i].strip() in _CLOSERS[opener]:
            start = i + 2 if i + 2 < len(lines) and not lines[i + 1].strip() else i + 1  # one blank line: layout
            return FrontMatter(body="\n".join(lines[start:]), format=_FORMAT[opener], body_line=start,
                               raw="\n".join(lines[1:i]))
    return FrontMatter(body=text)  # never closed: a thematic break


_META_LINE = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,30}:(?:[ \t].*)?")
_META_KEYS = frozenset("title date tags category categories slug author authors summary modified status".split())


def strip_metadata_header(text: str) -> str:
    """`text` without a leading Pelican / MultiMarkdown metadata block ("Title: ...", "Date: ...", one
    `Key: value` a line up to the first blank line), which has no `---` fences and would otherwise be
    read as a prose paragraph. A block counts only when every line before the blank line is `Key:
    value` (or an indented continuation) and it names a title or a date, so a first paragraph such
    as "Note: this is old." stays."""
    lines = text.lstrip("\ufeff").split("\n")
    keys: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip():
            if len(keys) >= 2 and {"title", "date"} & set(keys) and len(set(keys) & _META_KEYS) >= 2:
                return "\n".join(lines[i + 1:])
            return text
        if line[:1] in " \t" and keys:
            continue
        if not _META_LINE.fullmatch(line.rstrip()):
            return text
        keys.append(line.split(":", 1)[0].strip().lower())
    return text


def load_block(raw: str, fmt: str) -> dict[str, Any]:
    """Read the text between the fences as `fmt` ("yaml" or "toml"); FrontMatterError when it cannot
    be read or is not a mapping (an empty block is {})."""
    data = HANDLERS[fmt].load(raw)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter is not a {fmt.upper()} mapping")
    return data


def parse(text: str) -> FrontMatter:
    """Front matter and body of `text`; problems go to `.error` (then `.data` is {})."""
    fm = split(text)
    if fm.present:
        try:
            fm.data = load_block(fm.raw, fm.format)
        except FrontMatterError as exc:
            fm.error = str(exc)
    return fm


def read(text: str, where: str = "the post") -> tuple[dict[str, Any], str]:
    """(data, body) of `text`; BadInput naming `where` when the block cannot be read."""
    fm = parse(text)
    if fm.error:
        raise BadInput(f"{where}: {fm.error}")
    return fm.data, fm.body


def block(data: dict[str, Any], fmt: str = "yaml") -> str:
    """The fenced block alone, ending with a newline: `---` YAML or `+++` TOML."""
    if fmt not in HANDLERS:
        raise ValueError(f"unknown front matter format {fmt!r}: use one of {', '.join(FORMATS)}")
    handler = HANDLERS[fmt]
    meta = handler.export(data)
    return f"{handler.START_DELIMITER}\n{meta}\n{handler.END_DELIMITER}\n" if meta else \
        f"{handler.START_DELIMITER}\n{handler.END_DELIMITER}\n"


def dumps(data: dict[str, Any], body: str = "", fmt: str = "yaml") -> str:
    """A whole document: the block, a blank line, then `body`."""
    return block(data, fmt) + ("\n" + body if body else "")
