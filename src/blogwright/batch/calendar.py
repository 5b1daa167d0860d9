"""A content calendar: one row per post, read from YAML or CSV. Pure: text in, rows out (no files
are opened here, no voice or model is looked up: `batch.prepare` does that).

YAML: `defaults:` (any field but topic and slug) and `posts:` (a list of rows), or a bare list.
CSV: a header row naming the fields (`topic` required); an empty cell takes the default; lists are
split on `;` (keywords, sources, categories; `,` too for keywords) and notes on newlines or ` | `.

    cal = parse_calendar(text, "calendar.yaml", flags={"words": 800})
    cal.rows[0].topic, cal.rows[0].line

Every bad row is reported at once, with its line number, in one `CalendarError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field, fields
from typing import Any

import yaml

from blogwright.core.errors import BadInput
from blogwright.core.yamlsafe import load_yaml
from blogwright.grounding import parse_notes
from blogwright.model.brief import MAX_WORDS, MIN_WORDS, Audience
from blogwright.model.options import DEFAULT_SEED, DEFAULT_WORDS
from blogwright.text.slug import slugify

LIST_FIELDS = ("keywords", "notes", "sources", "categories")
TEXT_FIELDS = ("topic", "slug", "voice", "audience", "notes_file", "publish", "model", "series", "search")
FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, "words", "date", "live", "seed", "research")
NOT_DEFAULTS = ("topic", "slug")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_TRUE, _FALSE = ("true", "yes", "1", "on", "y"), ("false", "no", "0", "off", "n", "")


class CalendarError(BadInput):
    """Bad rows in a calendar: `problems` is [(line, message)], all of them."""

    def __init__(self, name: str, problems: list[tuple[int, str]]):
        self.name, self.problems = name, sorted(problems)
        rows = len({line for line, _ in self.problems})
        super().__init__(f"{name}: {rows} bad row(s), nothing was written: "
                         + "; ".join(f"line {line}: {msg}" for line, msg in self.problems))

    def lines(self) -> list[str]:
        return [f"{self.name}:{line}: {msg}" for line, msg in self.problems]


@dataclass
class Row:
    """One post of the calendar, with the defaults applied. `line`: where it starts in the file."""

    topic: str
    line: int = 0
    slug: str = ""
    voice: str = "plain-expert"
    audience: str = "newbie"
    words: int = DEFAULT_WORDS
    keywords: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notes_file: str = ""
    sources: list[str] = field(default_factory=list)
    date: str = ""  # YYYY-MM-DD; "" = the day the batch is created
    publish: str = ""  # hugo:DIR, jekyll:DIR or wordpress:URL
    live: bool = False
    model: str = ""  # "" = the batch's model
    categories: list[str] = field(default_factory=list)
    series: str = ""
    seed: int = DEFAULT_SEED
    research: bool = False  # `research: yes`: search the web for this post (api.write's research)
    search: str = ""  # the search provider spec; "" = the default

    def spec(self) -> dict[str, Any]:
        """What the post is (everything but where it was in the file), as JSON-able data."""
        # a shallow copy (lists copied): `dataclasses.asdict` deep-copies and took 30 s on 100,000 rows
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), list) else v
                for f in fields(self) if f.name != "line"}

    def key(self) -> str:
        """A hash of the row's content: the same row in a re-run calendar has the same key."""
        return hashlib.sha256(json.dumps(self.spec(), sort_keys=True).encode()).hexdigest()


@dataclass
class Calendar:
    name: str
    rows: list[Row]

    def key(self, *extra: str) -> str:
        """A hash of every row (and `extra`, e.g. the output folder): identifies the batch."""
        return hashlib.sha256(json.dumps([[r.key() for r in self.rows], *extra]).encode()).hexdigest()


def calendar_kind(name: str, text: str) -> str:
    """'csv' or 'yaml', by the file's extension, else by its first line."""
    low = name.lower()
    if low.endswith(".csv"):
        return "csv"
    if low.endswith((".yaml", ".yml")):
        return "yaml"
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return "csv" if "topic" in first.lower() and "," in first and ":" not in first else "yaml"


def parse_calendar(text: str, name: str = "calendar", flags: dict[str, Any] | None = None,
                   kind: str | None = None) -> Calendar:
    """Rows from a calendar's text. `flags`: defaults from the command line (they override the
    file's `defaults:`, a row's own values override both). Raises CalendarError listing every
    bad row."""
    cal, problems = collect_calendar(text, name, flags, kind)
    if problems:
        raise CalendarError(name, problems)
    return cal


def collect_calendar(text: str, name: str = "calendar", flags: dict[str, Any] | None = None,
                     kind: str | None = None) -> tuple[Calendar, list[tuple[int, str]]]:
    """The rows that parse, and the problems of those that do not: (line, message)."""
    kind = kind or calendar_kind(name, text)
    problems: list[tuple[int, str]] = []
    raw, file_defaults = (_csv_rows if kind == "csv" else _yaml_rows)(text, name, problems)
    defaults: dict[str, Any] = {}
    for source in (file_defaults, {k: v for k, v in (flags or {}).items() if v not in (None, "", [])}):
        for key, value in source.items():
            if key in NOT_DEFAULTS or key not in FIELDS:
                problems.append((1, f"{key!r} cannot be a default (fields: {', '.join(f for f in FIELDS if f not in NOT_DEFAULTS)})"))
                continue
            try:
                defaults[key] = _convert(key, value)
            except ValueError as exc:
                problems.append((1, f"default {key}: {exc}"))
    rows: list[Row] = []
    for line, values, lines in raw:
        row = _row(line, values, lines, defaults, problems)
        if row is not None:
            rows.append(row)
    seen: dict[str, int] = {}
    for row in rows:
        if row.slug in seen:
            problems.append((row.line, f"slug {row.slug!r} is used by line {seen[row.slug]} too: give one of them "
                                       "another `slug` (or topic)"))
        seen.setdefault(row.slug, row.line)
    if not rows and not problems:
        problems.append((1, "no posts in the calendar (YAML: a `posts:` list; CSV: a header row with `topic`, then one row per post)"))
    return Calendar(name=name, rows=rows), problems


def _row(line: int, values: dict[str, Any], lines: dict[str, int], defaults: dict[str, Any],
         problems: list[tuple[int, str]]) -> Row | None:
    merged = dict(defaults)
    ok = True
    for key, value in values.items():
        where = lines.get(key, line)
        if key not in FIELDS:
            close = [f for f in FIELDS if f.startswith(str(key)[:3])]
            problems.append((where, f"unknown field {key!r}" + (f" (did you mean {close[0]!r}?)" if close else "")))
            ok = False
            continue
        if value is None or value == "" or value == []:
            continue
        try:
            merged[key] = _convert(key, value)
        except ValueError as exc:
            problems.append((where, f"{key}: {exc}"))
            ok = False
    topic = re.sub(r"\s+", " ", str(merged.get("topic") or "")).strip()
    if not topic:
        problems.append((line, "no topic: every row needs one (what the post is about)"))
        return None
    if len(topic) > 300 or not re.search(r"[^\W\d_]{2,}", topic):
        problems.append((lines.get("topic", line), f"topic {topic[:60]!r} " + ("is over 300 characters" if len(topic) > 300
                                                                             else "has no words in it")))
        return None
    if not ok:
        return None
    merged["topic"] = topic
    merged["slug"] = merged.get("slug") or slugify(topic)
    return Row(line=line, **merged)


def _convert(key: str, value: Any) -> Any:
    """A field's value in its type; ValueError with a short reason."""
    if key in LIST_FIELDS:
        return _as_list(key, value)
    if key == "words":
        try:
            n = int(str(value).strip().replace("_", ""))
        except ValueError:
            raise ValueError(f"{value!r} is not a number of words") from None
        if not MIN_WORDS <= n <= MAX_WORDS:
            raise ValueError(f"{n} is out of range ({MIN_WORDS}-{MAX_WORDS})")
        return n
    if key == "seed":
        try:
            return int(str(value).strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a whole number") from None
    if key in ("live", "research"):
        low = str(value).strip().lower()
        if low not in _TRUE + _FALSE:
            raise ValueError(f"{value!r} is not yes or no")
        return low in _TRUE
    if key == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValueError(f"{str(value)[:40]!r} is not a date (YYYY-MM-DD)") from None
    if isinstance(value, (dict, list)):
        raise ValueError("must be text, not a list or mapping")
    text = re.sub(r"\s+", " ", str(value)).strip()
    if key == "audience" and text not in Audience.__members__:
        raise ValueError(f"unknown audience {text!r}: use newbie, practitioner or expert")
    if key == "slug" and not _SLUG.match(text):
        raise ValueError(f"{text[:60]!r} is not a slug (lower-case letters, digits and '-')")
    return text


def _as_list(key: str, value: Any) -> list[str]:
    if isinstance(value, dict):
        raise ValueError("must be a list, not a mapping")
    if isinstance(value, list):
        if any(isinstance(v, (dict, list)) for v in value):
            raise ValueError("must be a list of text items")
        items = [str(v) for v in value]
    elif key == "notes":
        items = parse_notes(str(value).replace(" | ", "\n"))
    else:
        items = re.split(r"[;,]" if key == "keywords" else r";", str(value))
    return [re.sub(r"\s+", " ", s).strip() for s in items if s is not None and str(s).strip()]


# ---- YAML ---------------------------------------------------------------------------------------

Raw = list[tuple[int, dict[str, Any], dict[str, int]]]


def _yaml_rows(text: str, name: str, problems: list[tuple[int, str]]) -> tuple[Raw, dict[str, Any]]:
    data = load_yaml(text, name)  # bounded: aliases, depth and size (BadInput on a bad document)
    node = yaml.compose(text, Loader=yaml.SafeLoader)  # again, for line numbers: safe once load_yaml passed
    defaults: dict[str, Any] = {}
    posts_node = node
    if isinstance(data, dict):
        unknown = [k for k in data if k not in ("defaults", "posts")]
        if unknown:
            problems.append((1, f"unknown top-level key(s) {', '.join(map(repr, map(str, unknown)))}: use `defaults:` and `posts:`"))
        defaults = data.get("defaults") or {}
        if not isinstance(defaults, dict):
            problems.append((_key_line(node, "defaults"), "`defaults:` must be a mapping of field: value"))
            defaults = {}
        data = data.get("posts")
        posts_node = _value_node(node, "posts")
        if data is None:
            problems.append((1, "no `posts:` list"))
            return [], defaults
    if not isinstance(data, list):
        problems.append((1, "a calendar is a `posts:` list (with optional `defaults:`), or a list of posts"))
        return [], defaults
    items = posts_node.value if isinstance(posts_node, yaml.SequenceNode) else []
    raw: Raw = []
    for i, value in enumerate(data):
        item = items[i] if i < len(items) else None
        line = item.start_mark.line + 1 if item is not None else 1
        if isinstance(value, str):
            value = {"topic": value}  # `- How to compost` is a row with a topic only
        if not isinstance(value, dict):
            problems.append((line, "a post must be a mapping (topic: ..., words: ...) or a topic"))
            continue
        lines = {}
        if isinstance(item, yaml.MappingNode):
            lines = {str(k.value): k.start_mark.line + 1 for k, _ in item.value}
        raw.append((line, {str(k): v for k, v in value.items()}, lines))
    return raw, {str(k): v for k, v in defaults.items()}


def _value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    return None


def _key_line(node: yaml.Node | None, key: str) -> int:
    found = _value_node(node, key)
    return found.start_mark.line + 1 if found is not None else 1


# ---- CSV ----------------------------------------------------------------------------------------

def _csv_rows(text: str, name: str, problems: list[tuple[int, str]]) -> tuple[Raw, dict[str, Any]]:
    text = text.lstrip("\ufeff")  # a BOM (Excel's "CSV UTF-8")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # strict: a quote that is never closed is an error, not a cell that silently swallows the rows after it
    reader = csv.reader(io.StringIO(text, newline=""), type("Strict", (dialect,), {"strict": True}))
    raw: Raw = []
    header: list[str] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if not header:
                header = [c.strip().lower().replace(" ", "_") for c in cells]
                bad = [h for h in header if h not in FIELDS]
                if bad:
                    problems.append((line, f"unknown column(s) {', '.join(map(repr, bad))} (columns: {', '.join(FIELDS)})"))
                if "topic" not in header:
                    problems.append((line, "the header row has no `topic` column"))
                    return [], {}
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                problems.append((line, f"{len(cells)} cells but the header names {len(header)} columns (quote cells with commas)"))
                continue
            values = {h: c for h, c in zip(header, cells) if h in FIELDS}
            raw.append((line, values, {}))
    except csv.Error as exc:
        why = ("a quote opened on this line is never closed (the rows after it would be read as one cell)"
               if "end of data" in str(exc) else str(exc))
        problems.append((start, f"not valid CSV: {why}"))
    return raw, {}
