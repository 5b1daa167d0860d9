"""Front matter flags of `blogwright write` (--category, --cover, --cover-alt, --canonical, --series)
as the request's `front` fields; `model.request.Front` checks them."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from blogwright.core.errors import BadInput


def front_fields(categories: list[str], cover: str | None, cover_alt: str | None, canonical: str | None,
                 series: str | None, out_dir: str | Path) -> dict:
    """`Front` fields for the flags given. A local cover image is stored relative to the folder the
    post is written to (so the post, the site and the publish step find it); a URL is kept as is."""
    fields: dict = {"categories": list(categories), "cover_alt": cover_alt or "", "canonical_url": canonical or "",
                    "series": series or ""}
    cover = (cover or "").strip()
    if cover and urlsplit(cover).scheme not in ("http", "https"):
        path = Path(cover).expanduser()
        if not path.is_file():
            raise BadInput(f"--cover {cover}: no such image file (give a path or an https:// URL)")
        base = Path("." if str(out_dir) == "-" else out_dir).expanduser().resolve()
        cover = os.path.relpath(path.resolve(), base) if str(out_dir) != "-" else str(path.resolve())
    fields["cover"] = cover
    return fields
