"""Publishing to WordPress the way a blogger expects: tags and categories (created when missing), the
cover as the featured image (a local file, or a URL fetched from a public host) and every local image
uploaded through `/wp/v2/media` and referenced by its WordPress URL, and an existing post updated only
when blogwright published it.

Which post is "ours": the id remembered in the log for (site, slug), or a post with the slug whose
content carries blogwright's marker (an HTML comment, kept by WordPress, invisible on the page), so a
fresh log still finds it. A post with the same slug that blogwright did not write is never
overwritten without `--overwrite`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import mimetypes
import re
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from blogwright.core.errors import BadInput, PublishError
from blogwright.core.http import Policy, fetch, shown
from blogwright.core.limits import limit
from blogwright.publish.fields import common, cover_of, local_cover
from blogwright.publish.source import SourcePost, image_type
from blogwright.publish.wordpress import (
    Credentials,
    WordPressClient,
    credentials,
    post_body,
    redacted_request,
    remember,
    remembered_id,
)

MARKER = "<!-- published with blogwright -->"


def term_ids(client: WordPressClient, taxonomy: str, names: list[str], dry_run: bool = False) -> list[int] | list[str]:
    """Ids of the `tags` or `categories` with these names, creating the missing ones (a dry run: the names)."""
    if dry_run:
        return list(names)
    ids = []
    for name in names:
        found = [t for t in client._call("GET", f"/{taxonomy}", params={"search": name, "per_page": 100}).json()
                 if str(t.get("name", "")).lower() == name.lower() or t.get("slug") == name.lower()]
        ids.append(found[0]["id"] if found else client._call("POST", f"/{taxonomy}", json={"name": name}).json()["id"])
    return ids


def find_post(client: WordPressClient, slug: str) -> dict | None:
    """The post with this slug (any status), with its raw content, or None."""
    posts = client._call("GET", "/posts", params={"slug": slug, "status": "draft,publish,pending,private,future",
                                                  "context": "edit"}).json()
    return posts[0] if posts else None


def is_ours(remote: dict) -> bool:
    content = remote.get("content")
    raw = (content.get("raw") or content.get("rendered") or "") if isinstance(content, dict) else str(content or "")
    return MARKER in raw


def _remembered_media(db: sqlite3.Connection | None, site: str, sha: str) -> tuple[int, str] | None:
    if db is None:
        return None
    row = db.execute("SELECT remote_id, url FROM media WHERE site=? AND sha256=?", (site, sha)).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def upload_media(client: WordPressClient, path: Path, alt: str = "", db: sqlite3.Connection | None = None) -> tuple[int, str]:
    """Upload an image file to the media library (once per content: the log remembers it); (id, URL)."""
    return upload_bytes(client, path.read_bytes(), path.name, alt, db)


def upload_bytes(client: WordPressClient, data: bytes, name: str, alt: str = "",
                 db: sqlite3.Connection | None = None) -> tuple[int, str]:
    """Upload an image's bytes as the file `name` (once per content: the log remembers it); (id, URL)."""
    path = Path(name)
    sha = hashlib.sha256(data).hexdigest()
    known = _remembered_media(db, client.site, sha)
    if known is not None:
        try:
            client._call("GET", f"/media/{known[0]}")
            return known
        except PublishError as exc:
            if "(404)" not in str(exc):
                raise
    ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "-", path.name) or "image"
    media = client._call("POST", "/media", content=data, headers={
        "Content-Type": ctype, "Content-Disposition": f'attachment; filename="{safe_name}"'}).json()
    media_id, url = int(media["id"]), str(media.get("source_url") or media.get("link") or "")
    if alt:
        client._call("POST", f"/media/{media_id}", json={"alt_text": alt})
    if db is not None:
        db.execute("INSERT OR REPLACE INTO media VALUES (?,?,?,?,?)", (client.site, sha, str(media_id), url, time.time()))
        db.commit()
    return media_id, url


COVER_POLICY = Policy("cover image", timeout=20.0, max_redirects=3, error=PublishError,
                      content_types=("image/", "application/octet-stream", "binary/octet-stream"))


def fetch_cover(url: str, transport: httpx.BaseTransport | None = None) -> tuple[bytes, str] | str:
    """The image at the cover's `url` and a file name for it, or why it could not be fetched: under the
    one HTTP policy (`core.http`: http(s) from a public address only, checked at connect time and on
    every redirect, at most 3 redirects, an overall deadline, at most `limit("image")` bytes), an image
    (PNG, JPEG, GIF, WebP or AVIF by its first bytes; not SVG). No credentials are sent."""
    try:
        got = fetch(url, dataclasses.replace(COVER_POLICY, max_bytes=limit("image")), transport)
    except PublishError as exc:
        return str(exc).replace(f"{shown(url)}: ", "", 1)
    if image_type(got.data) is None:
        return "not a PNG, JPEG, GIF, WebP or AVIF image"
    stem = Path(unquote(urlsplit(got.url).path)).stem or "cover"
    return got.data, f"{stem}{image_type(got.data)}"


def _alts(body: str) -> dict[str, str]:
    """Alt text of each image reference in the body, by file name."""
    return {Path(src).name: alt for alt, src in re.findall(r"!\[([^\]]*)\]\(([^)\s]+)", body)}


def rewrite_images(body: str, urls: dict[str, str]) -> str:
    """Point `![alt](local/name.png)` references at their uploaded URLs (by file name)."""
    for name, url in urls.items():
        body = re.sub(r"(!\[[^\]]*\]\()[^)\s]*" + re.escape(name) + r"(?=[)\s])", lambda m, u=url: m.group(1) + u, body)
    return body


def publish_wordpress(post: SourcePost, url: str, live: bool, dry_run: bool, overwrite: bool,
                      db: sqlite3.Connection | None, wp_config: dict | None,
                      transport: httpx.BaseTransport | None = None) -> dict[str, Any]:
    """Create or update the post; returns {location, action, dry_run_text, remote_id, notes} (a dry
    run's notes are in its text)."""
    if dry_run:  # a dry run contacts nobody and sends no credentials: what the log remembers is used
        try:
            creds = credentials(wp_config)
        except BadInput:
            creds = Credentials("<WORDPRESS_USER not set>", "")
    else:
        creds = credentials(wp_config)
    client = WordPressClient(url, creds, transport=transport)
    remote_id = remembered_id(db, client.site, post.slug)
    if remote_id and not dry_run and not client.exists(remote_id):
        remote_id = None
    if remote_id is None and not dry_run:
        found = find_post(client, post.slug)
        if found is not None:
            if not (is_ours(found) or overwrite):
                raise PublishError(f"{client.site} already has a post with the slug {post.slug!r} (id {found['id']}) "
                                   "that blogwright did not publish: --overwrite replaces it, or give this post "
                                   "another `slug:` in its front matter")
            remote_id = int(found["id"])

    notes: list[str] = []
    if dry_run:
        notes.append("a dry run contacts nobody: whether the site already has this post was not asked"
                     + (f"; the log remembers it as post {remote_id}" if remote_id else ""))
    alts = _alts(post.body)
    urls: dict[str, str] = {}
    for img in post.images:
        if dry_run:
            urls[img.name] = f"<uploaded {img.name}>"
            notes.append(f"POST {client.api}/media  ({img}, alt {alts.get(img.name, '')!r})")
        else:
            urls[img.name] = upload_media(client, img, alts.get(img.name, ""), db)[1]
    featured = None
    image, alt = cover_of(post)
    cover = local_cover(post)
    if cover is not None:
        if dry_run:
            notes.append(f"POST {client.api}/media  ({cover}, alt {alt!r}; the featured image)")
        else:
            featured = upload_media(client, cover, alt, db)[0]
    elif urlsplit(image).scheme in ("http", "https"):  # a URL: fetched, then uploaded like a local cover
        if dry_run:
            notes.append(f"GET {shown(image)}, then POST {client.api}/media  (alt {alt!r}; the featured image)")
        else:
            got = fetch_cover(image, transport)
            if isinstance(got, str):
                notes.append(f"the cover {shown(image)} was not uploaded ({got}): no featured image")
            else:
                featured = upload_bytes(client, got[0], got[1], alt, db)[0]
    elif image:
        notes.append(f"the cover {shown(image)} is not a local image file or an http(s) URL: not uploaded, no featured image")

    fields = common(post)
    source = dataclasses.replace(post, body=rewrite_images(post.body, urls))
    body = post_body(source, live, term_ids(client, "tags", post.tags, dry_run))
    body["content"] = body["content"].rstrip() + "\n" + MARKER
    if fields.get("categories"):
        body["categories"] = term_ids(client, "categories", fields["categories"], dry_run)
    if featured is not None:
        body["featured_media"] = featured
    endpoint = client.api + (f"/posts/{remote_id}" if remote_id else "/posts")
    if dry_run:
        if post.tags or fields.get("categories"):
            notes.append("tags and categories are sent as ids; missing ones would be created")
        text = redacted_request("POST", endpoint, body, creds.user) + "".join(f"\n({n})" for n in notes)
        return {"location": endpoint, "action": "dry-run", "dry_run_text": text, "remote_id": remote_id}
    saved = client.save(body, remote_id)
    link = str(saved.get("link") or endpoint)
    remember(db, client.site, post.slug, int(saved["id"]), link)
    return {"location": link, "action": "updated" if remote_id else "created", "dry_run_text": "",
            "remote_id": int(saved["id"]), "notes": notes}  # e.g. a cover that could not be uploaded, and why
