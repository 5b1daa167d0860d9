"""The front matter fields a blogger expects, in each target's dialect, plus the files they need.

From the post's own front matter (`blogwright write --category --cover --cover-alt --canonical
--series`, or any post with those keys):

| post            | Hugo                      | Jekyll                        |
|-----------------|---------------------------|-------------------------------|
| categories      | categories                | categories                    |
| cover {image, alt} | cover {image, alt} (copied into the bundle or static/images/SLUG/) | image {path, alt} (copied to assets/images/SLUG/) |
| canonical_url   | canonicalURL              | canonical_url                 |
| series          | series: [NAME] (taxonomy) | series                        |
| lastmod         | lastmod                   | last_modified_at              |

`lastmod` is set to today when a post replaces an earlier copy of itself (a re-publish). A Hugo site's
archetype (`archetypes/SECTION.md` or `archetypes/default.md`) gives defaults for the fields blogwright
does not set (template expressions such as `{{ .Date }}` are left out).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from blogwright.model.post import dated, local_today
from blogwright.publish.source import SourcePost, image_problem
from blogwright.text import frontmatter


def cover_of(post: SourcePost) -> tuple[str, str]:
    """(image, alt) of the post's cover: `cover: {image, alt}`, `cover: PATH` or Jekyll's `image:`."""
    raw = post.meta.get("cover") or post.meta.get("image")
    if isinstance(raw, dict):
        return str(raw.get("image") or raw.get("path") or "").strip(), str(raw.get("alt") or "").strip()
    return (str(raw).strip() if raw else ""), str(post.meta.get("cover_alt") or "").strip()


def local_cover(post: SourcePost) -> Path | None:
    """The cover image file when it is local (a path next to the post, inside its folder), else None."""
    image, _ = cover_of(post)
    if not image or urlsplit(image).scheme or image.startswith("/"):
        return None
    folder = post.path.parent
    if image_problem(folder / image, folder):  # only an image file from the post's own folder tree
        return None
    return (folder / image).resolve()


def copied_cover(post: SourcePost, dest_dir: Path, url_prefix: str) -> tuple[str, str, dict[Path, Path]]:
    """(image as the site will see it, alt text, files to copy dest -> source): a local cover file is
    copied into `dest_dir` and referenced as `url_prefix` + its name; a URL is kept as it is."""
    image, alt = cover_of(post)
    copies: dict[Path, Path] = {}
    src = local_cover(post) if image else None
    if src is not None:
        copies[dest_dir / src.name] = src
        image = f"{url_prefix}{src.name}"
    return image, alt, copies


def _list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if str(v).strip()]
    return [s.strip() for s in str(value).split(",") if s.strip()] if value else []


def common(post: SourcePost) -> dict:
    """categories, canonical URL, series, lastmod as the post states them (empty ones left out)."""
    out: dict = {}
    cats = _list(post.meta.get("categories"))
    if cats:
        out["categories"] = cats
    canonical = post.meta.get("canonical_url") or post.meta.get("canonicalURL") or post.meta.get("canonical")
    if canonical:
        out["canonical"] = str(canonical)
    series = post.meta.get("series")
    if series:
        out["series"] = _list(series)
    lastmod = post.meta.get("lastmod") or post.meta.get("last_modified_at")
    if lastmod:
        out["lastmod"] = str(lastmod)[:10]
    return out


def _with_offset(day: str) -> str:
    """"2026-11-20" -> local midnight with its UTC offset (never "in the future" for Hugo)."""
    try:
        return dated(dt.date.fromisoformat(day)).isoformat()
    except ValueError:
        return day


def hugo_archetype(site: Path, section: str) -> dict:
    """Static defaults from the site's archetype for the section (or the default one)."""
    for name in (f"{section}.md", "default.md"):
        path = site / "archetypes" / name
        if path.is_file():
            fm = frontmatter.split(path.read_text(encoding="utf-8", errors="replace"))
            if not fm.present:
                return {}
            raw = re.sub(r"^.*\{\{.*$\n?", "", fm.raw, flags=re.M)  # lines with template expressions
            try:
                return frontmatter.load_block(raw, fm.format)
            except frontmatter.FrontMatterError:
                return {}
    return {}


def hugo_fields(post: SourcePost, site: Path, section: str, data: dict, main: Path, bundle: bool) -> dict[Path, Path]:
    """Add the blogger fields to Hugo front matter `data` (in place); returns the files to copy
    (dest -> source) for a local cover image."""
    c = common(post)
    for key, value in hugo_archetype(site, section).items():
        data.setdefault(key, value)
    if "categories" in c:
        data["categories"] = c["categories"]
    if bundle:
        image, alt, copies = copied_cover(post, main.parent, "")
    else:
        image, alt, copies = copied_cover(post, site / "static" / "images" / post.slug, f"/images/{post.slug}/")
    if image:
        data["cover"] = {"image": image, "alt": alt}
    _later_fields(c, data, main, canonical="canonicalURL", series=lambda s: s,
                  lastmod=lambda day: {"lastmod": _with_offset(day)})
    return copies


def _later_fields(c: dict, data: dict, main: Path, canonical: str, series: Callable[[list], Any],
                  lastmod: Callable[[str], dict]) -> None:
    """The canonical URL, the series and the last-modified date (today when the post is being
    overwritten), under the site's own names."""
    if "canonical" in c:
        data[canonical] = c["canonical"]
    if "series" in c:
        data["series"] = series(c["series"])
    day = local_today().isoformat() if main.exists() else c.get("lastmod")
    if day:
        data.update(lastmod(day))


def jekyll_fields(post: SourcePost, site: Path, data: dict, main: Path) -> dict[Path, Path]:
    """Add the blogger fields to Jekyll front matter `data` (in place; jekyll-seo-tag's names);
    returns the files to copy for a local cover image."""
    c = common(post)
    if "categories" in c:
        data["categories"] = c["categories"]
    image, alt, copies = copied_cover(post, site / "assets" / "images" / post.slug, f"/assets/images/{post.slug}/")
    if image:
        data["image"] = {"path": image, "alt": alt}
    _later_fields(c, data, main, canonical="canonical_url", series=lambda s: s[0] if len(s) == 1 else s,
                  lastmod=lambda day: {"last_modified_at": day})
    return copies
