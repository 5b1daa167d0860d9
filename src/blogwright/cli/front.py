"""Front matter flags of `blogwright write` (--category, --cover, --cover-alt, --canonical, --series),
checked and turned into Post fields."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from blogwright.core.errors import BadInput


def front_fields(categories: list[str], cover: str | None, cover_alt: str | None, canonical: str | None,
                 series: str | None, out_dir: str | Path) -> dict:
    """Post fields for the flags given. A local cover image is stored relative to the folder the post
    is written to (so the post, the site and the publish step find it); a URL is kept as is."""
    fields: dict = {}
    cats = [c.strip() for c in categories if c and c.strip()]
    if cats:
        fields["categories"] = list(dict.fromkeys(cats))
    if cover_alt and not cover:
        raise BadInput("--cover-alt describes the --cover image: give --cover PATH|URL too")
    if cover:
        cover = cover.strip()
        if urlsplit(cover).scheme in ("http", "https"):
            fields["cover"] = cover
        else:
            path = Path(cover).expanduser()
            if not path.is_file():
                raise BadInput(f"--cover {cover}: no such image file (give a path or an https:// URL)")
            base = Path("." if str(out_dir) == "-" else out_dir).expanduser().resolve()
            fields["cover"] = os.path.relpath(path.resolve(), base) if str(out_dir) != "-" else str(path.resolve())
        fields["cover_alt"] = (cover_alt or "").strip()
    if canonical:
        parts = urlsplit(canonical.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BadInput(f"--canonical {canonical!r} must be a full URL (https://example.org/the-original-post/)")
        fields["canonical_url"] = canonical.strip()
    if series and series.strip():
        fields["series"] = series.strip()
    return fields
