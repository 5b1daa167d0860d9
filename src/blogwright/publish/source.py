"""Read a Markdown post (YAML `---` or TOML `+++` front matter + body) into what publishers need."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from blogwright.core.errors import BadInput
from blogwright.core.io import read_text
from blogwright.core.limits import limit
from blogwright.core.sanitize import clean_text
from blogwright.model.post import local_today
from blogwright.publish.safe_markdown import strip_tags
from blogwright.text import frontmatter
from blogwright.text.slug import slugify

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
    skipped_images: list[str] = field(default_factory=list)  # local references not copied, and why


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return local_today()


def load_post(path: str | Path) -> SourcePost:
    """Parse POST.md; BadInput when it is missing, too big, binary, has unreadable front matter or
    no title, or a `slug:` that is not a plain name (`../x`, `/tmp/x`)."""
    p = Path(path).expanduser()
    text = read_text(p, "post")
    meta, body = frontmatter.read(text, str(p))  # YAML or TOML (a Hugo post keeps its `+++` block)
    h1 = re.match(r"\s*#\s+(.+?)\s*\n", body)
    title = _line(meta.get("title") or (h1.group(1) if h1 else ""))
    if not title:
        raise BadInput(f"{p}: no title (front matter `title:` or a `# Title` line)")
    if h1 and h1.group(1).strip() == title:
        body = body[h1.end():]
    body = body.strip() + "\n"
    summary = _line(meta.get("summary") or "")
    if not summary:
        tl = re.search(r"\*\*TL;DR:\*\*\s*(.+)", body)
        summary = _line(tl.group(1)) if tl else ""
    tags = meta.get("tags") or []
    tags = [t for t in (_line(t) for t in (tags if isinstance(tags, list) else [tags])) if t]
    images, skipped = local_images(body, p.parent)
    return SourcePost(path=p, text=text, title=title, slug=safe_slug(meta.get("slug"), title, p),
                      date=_date(meta.get("date")), body=body, tags=tags,
                      description=_line(meta.get("description") or summary[:160]),
                      summary=summary, meta=meta, images=images, skipped_images=skipped)


def _line(value: object) -> str:
    """A front matter value as one clean line: no HTML tags, no control characters."""
    return strip_tags(clean_text(str(value), newlines=False)).strip()


def safe_slug(value: object, title: str, where: Path | str = "the post") -> str:
    """The post's file name stem: its `slug:` (slugified when it has spaces or capitals), or one
    made from the title. A slug with a path in it (`../../x`, `/tmp/x`, `a/b`) is a BadInput: it
    would put the post outside the site."""
    if value is None or str(value).strip() == "":
        return slugify(title)
    slug = str(value).strip()
    if "/" in slug or "\\" in slug or ".." in slug or slug.startswith(".") or re.match(r"^[A-Za-z]:", slug):
        raise BadInput(f"{where}: the slug {slug[:80]!r} is a path, not a name: publishing it would write "
                       "outside the site (use letters, digits and hyphens)")
    return slug if re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,199}", slug) else slugify(slug)


IMAGE_MAGIC = {".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
               ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",), ".avif": (b"\x00\x00\x00",)}


def image_type(head: bytes) -> str | None:
    """The image extension (".png", ".jpg", ".gif", ".webp", ".avif") that these first bytes start
    like, or None (not one of those images; SVG never is)."""
    for ext in (".png", ".jpg", ".gif", ".webp", ".avif"):
        if head.startswith(IMAGE_MAGIC[ext]) and (ext != ".webp" or head[8:12] == b"WEBP") \
                and (ext != ".avif" or head[4:8] == b"ftyp"):
            return ext
    return None


def image_problem(path: Path, folder: Path) -> str | None:
    """Why `path` may not be copied as a post's image (None when it may): it must be a file inside
    the post's folder tree (`folder`, symlinks resolved), have an image extension (.png, .jpg,
    .jpeg, .gif, .webp, .avif; no SVG, which can carry script), start like one, and be at most
    `limit("image")` bytes."""
    real, root = path.resolve(), folder.resolve()
    if not real.is_relative_to(root):
        return "outside the post's folder"
    if not real.is_file():
        return "not a file" if real.exists() else "no such file"
    ext = real.suffix.lower()
    if ext not in IMAGE_MAGIC:
        return f"not an image file ({ext or 'no extension'}; images are {', '.join(IMAGE_MAGIC)})"
    size = real.stat().st_size
    if size > limit("image"):
        return f"{size:,} bytes, over the {limit('image'):,} byte limit for an image"
    try:
        with open(real, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    if not head.startswith(IMAGE_MAGIC[ext]) or (ext == ".webp" and head[8:12] != b"WEBP") \
            or (ext == ".avif" and head[4:8] != b"ftyp"):
        return f"its content is not a {ext[1:].upper()} image"
    return None


def local_images(body: str, folder: Path) -> tuple[list[Path], list[str]]:
    """The images the body references that may be copied with it (see `image_problem`), and a
    line for each local reference that may not ("../secret.txt: outside the post's folder")."""
    images: list[Path] = []
    skipped: list[str] = []
    for ref in _IMG.findall(body):
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^/|^#", ref):
            continue  # a URL, a site path or an anchor: nothing to copy
        path = folder / unquote(ref)
        problem = image_problem(path, folder)
        if problem:
            skipped.append(f"{ref}: {problem}; not copied")
        elif path.resolve() not in images:
            images.append(path.resolve())
    return images, skipped
