"""From a calendar file to a batch in the queue: read it (bounded), check every row against what it
names (voices, models, notes files, sources, publish targets) and report every bad row at once,
before anything is written; then create the batch, or find the one this calendar already made.

Paths in a calendar (notes_file, sources, a voice .yaml, a publish target's folder) are relative to
the calendar's folder. A batch is identified by a hash of the calendar's rows (as written, with the
defaults applied), the output folder and the format: running the same calendar again continues it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogwright.backends import validate_spec
from blogwright.batch.calendar import Calendar, CalendarError, Row, collect_calendar
from blogwright.batch.queue import Queue
from blogwright.core.errors import BadInput
from blogwright.core.io import read_text
from blogwright.grounding import load_notes
from blogwright.grounding.sources import check_notes
from blogwright.model.brief import make_brief
from blogwright.model.post import local_today
from blogwright.publish import parse_target
from blogwright.store import Store
from blogwright.voices import load_voice

_URL = re.compile(r"^https?://", re.I)


@dataclass
class Planned:
    batch_id: str
    created: bool  # False: this calendar's batch already existed (it is continued)
    total: int


PROGRESS_EVERY = 10_000  # rows between two progress calls while a big calendar is checked


def read_calendar(path: str | Path, flags: dict[str, Any] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> tuple[Calendar, str]:
    """The calendar's rows, checked, with paths made absolute and notes files read in; and the key
    of the rows as written (before files are read). CalendarError lists every bad row. `progress(done,
    total)` is called every `PROGRESS_EVERY` rows (a 100,000-row calendar takes a while)."""
    p = Path(path).expanduser()
    text = read_text(p, "calendar")
    cal, problems = collect_calendar(text, str(path), flags)
    key = cal.key()
    base = p.resolve().parent
    voices: dict[str, str] = {}
    for n, row in enumerate(cal.rows, 1):
        problems += [(row.line, msg) for msg in check_row(row, base, voices)]
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(n, len(cal.rows))
    if problems:
        raise CalendarError(cal.name, problems)
    return cal, key


def _path(base: Path, value: str) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p


def check_row(row: Row, base: Path, voices: dict[str, str] | None = None) -> list[str]:
    """What is wrong with a row (empty when nothing); resolves its paths and reads its notes file."""
    problems: list[str] = []
    voices = {} if voices is None else voices
    if row.voice.endswith((".yaml", ".yml")):
        row.voice = str(_path(base, row.voice))
    if row.voice not in voices:
        try:
            load_voice(row.voice)
            voices[row.voice] = ""
        except BadInput as exc:
            voices[row.voice] = str(exc)
    if voices[row.voice]:
        problems.append(voices[row.voice])
    if row.model:
        try:
            validate_spec(row.model)
        except BadInput as exc:
            problems.append(str(exc))
    if row.notes_file:
        notes_path = _path(base, row.notes_file)
        loaded = load_notes(notes_path)
        problems += loaded.problems
        row.notes, row.notes_file = [*row.notes, *loaded.notes], str(notes_path)
    try:
        check_notes(row.notes, f"notes of {row.topic[:40]!r}")
    except BadInput as exc:
        problems.append(str(exc))
    sources = []
    for src in row.sources:
        if _URL.match(src):
            sources.append(src)
            continue
        sp = _path(base, src)
        if not sp.is_file():
            problems.append(f"source {src}: no such file (paths are relative to the calendar's folder)")
        sources.append(str(sp))
    row.sources = sources
    if row.publish:
        try:
            row.publish = resolve_target(row.publish, base)
        except BadInput as exc:
            problems.append(str(exc))
    try:
        make_brief(topic=row.topic, voice=row.voice, audience=row.audience, words=row.words,
                   keywords=row.keywords, notes=row.notes, sources=row.sources)
    except BadInput as exc:
        problems.append(str(exc))
    return problems


def resolve_target(spec: str, base: Path) -> str:
    """`hugo:DIR` / `jekyll:DIR` with DIR made absolute (relative to `base`) and checked to be a
    folder; `wordpress:URL` as is."""
    kind, where = parse_target(spec)
    if kind == "wordpress":
        return f"{kind}:{where}"
    site = _path(base, where)
    if not site.is_dir():
        raise BadInput(f"publish target {spec}: {site} is not a folder (the site's root)")
    return f"{kind}:{site.resolve()}"


def plan_batch(path: str | Path, out_dir: str | Path, fmt: str = "md", flags: dict[str, Any] | None = None,
               options: dict[str, Any] | None = None, store: Store | None = None,
               progress: Callable[[int, int], None] | None = None) -> Planned:
    """Create the calendar's batch (every post pending), or find the one it made before. `options`:
    how to run it (model, concurrency, ...), kept with the batch for `--resume`."""
    cal, key = read_calendar(path, flags, progress)
    out = Path(out_dir).expanduser().resolve()
    digest = hashlib.sha256(json.dumps([key, str(out), fmt]).encode()).hexdigest()
    owned = store is None
    store = store or Store()
    try:
        queue = Queue(store.db)
        found = queue.find_by_hash(digest)
        if found:
            return Planned(found["id"], False, queue.counts(found["id"])["total"])
        today = local_today()
        items = []
        for row in cal.rows:
            spec = row.spec()
            spec["date"] = spec["date"] or today.isoformat()  # fixed now: a resumed batch names files the same
            items.append({"line": row.line, "slug": row.slug, "topic": row.topic, "spec": spec,
                          "file": f"{spec['date']}-{row.slug}.{fmt}"})
        batch_id = "b-" + digest[:8]
        queue.create(batch_id, digest, str(Path(path).expanduser().resolve()), str(out), fmt, options or {}, items)
        return Planned(batch_id, True, len(items))
    finally:
        if owned:
            store.close()


def post_date(spec: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(spec["date"]) if spec.get("date") else local_today()
