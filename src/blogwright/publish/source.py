"""Read a blogwright Markdown post (YAML front matter + body) into what publishers need."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from blogwright.core.errors import BadInput

_FM = re.compile(r"\A---\s*\n(.*?)\n---\s*\n?", re.DOTALL)
_IMG = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


@dataclass
class SourcePost:
    """A post as read from disk: front matter fields, Markdown body (without the H1), local images."""

    path: Path
    text: str
    title: str
    slug: str
    date: dt.date
    body: str
    tags: list[str] = field(default_factory=list)
    description: str = ""
    summary: str = ""
    meta: dict = field(default_factory=dict)
    images: list[Path] = field(default_factory=list)


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "post"


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return dt.date.today()


def load_post(path: str | Path) -> SourcePost:
    """Parse POST.md; BadInput when it is missing or has no title."""
    p = Path(path).expanduser()
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot read {p}: {exc.strerror or exc}") from None
    meta: dict = {}
    body = text
    m = _FM.match(text)
    if m:
        try:
            meta = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError:
            raise BadInput(f"{p}: the front matter is not valid YAML") from None
        if not isinstance(meta, dict):
            meta = {}
        body = text[m.end():]
    h1 = re.match(r"\s*#\s+(.+?)\s*\n", body)
    title = str(meta.get("title") or (h1.group(1) if h1 else "")).strip()
    if not title:
        raise BadInput(f"{p}: no title (front matter `title:` or a `# Title` line)")
    if h1 and h1.group(1).strip() == title:
        body = body[h1.end():]
    body = body.strip() + "\n"
    summary = str(meta.get("summary") or "")
    if not summary:
        tl = re.search(r"\*\*TL;DR:\*\*\s*(.+)", body)
        summary = tl.group(1).strip() if tl else ""
    tags = meta.get("tags") or []
    tags = [str(t) for t in (tags if isinstance(tags, list) else [tags])]
    images = []
    for ref in _IMG.findall(body):
        if not re.match(r"^[a-z]+:|^/", ref):
            img = (p.parent / ref).resolve()
            if img.is_file():
                images.append(img)
    return SourcePost(path=p, text=text, title=title, slug=str(meta.get("slug") or _slugify(title)),
                      date=_date(meta.get("date")), body=body, tags=tags,
                      description=str(meta.get("description") or summary[:160]),
                      summary=summary, meta=meta, images=images)
