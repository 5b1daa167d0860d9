"""Publishing to WordPress the way a blogger expects: tags and categories (created when missing), the
cover as the featured image (a local file, or a URL fetched from a public host) and every local image
uploaded through `/wp/v2/media` and referenced by its WordPress URL, and an existing post updated only
when blogwright published it.

Which post is "ours": the id remembered in the log for (site, slug), or a post with the slug whose
content carries blogwright's marker (an HTML comment, kept by WordPress, invisible on the page), so a
fresh log still finds it. A post with the same slug that blogwright did not write is never
overwritten without `--force`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import mimetypes
import re
import socket
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from blogwright.core.errors import BadInput, PublishError
from blogwright.core.limits import human_size, limit
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


def _addresses(host: str) -> list[str]:
    """The IP addresses `host` resolves to (tests replace this: their hosts do not resolve)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})


def _public_host(host: str) -> str | None:
    """Why the cover may not be fetched from `host` (None when it may): every address it resolves to
    must be a public one, so a post cannot make `publish` read 127.0.0.1, the LAN or a cloud's
    metadata service and upload what it got to WordPress."""
    try:
        found = _addresses(host)
    except (OSError, UnicodeError) as exc:
        return f"{host} does not resolve ({exc})"
    for address in found:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return f"{host} resolves to {address!r}"
        if not ip.is_global:
            return f"{host} is a private, loopback or local address ({ip}), not fetched"
    return None if found else f"{host} does not resolve"


def fetch_cover(url: str, transport: httpx.BaseTransport | None = None, hops: int = 3) -> tuple[bytes, str] | str:
    """The image at the cover's `url` and a file name for it, or why it could not be fetched: http(s)
    from a public host only (redirects checked the same way, at most `hops`), an image (PNG, JPEG,
    GIF, WebP or AVIF by its first bytes; not SVG), at most `limit("image")` bytes. No credentials
    are sent."""
    cap = limit("image")
    with httpx.Client(transport=transport, timeout=20.0, follow_redirects=False,
                      headers={"User-Agent": "blogwright (+cover image)"}) as http:
        for _ in range(hops + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return f"{url} is not an http(s) URL"
            problem = _public_host(parts.hostname)
            if problem:
                return problem
            try:
                with http.stream("GET", url) as resp:
                    if resp.is_redirect and resp.headers.get("location"):
                        url = str(resp.url.join(resp.headers["location"]))
                        continue
                    if resp.status_code >= 400:
                        return f"the server answered HTTP {resp.status_code}"
                    if int(resp.headers.get("content-length") or 0) > cap:
                        return f"over the {human_size(cap)} limit for an image"
                    buf = bytearray()
                    for chunk in resp.iter_bytes():
                        buf += chunk
                        if len(buf) > cap:
                            return f"over the {human_size(cap)} limit for an image"
                    data = bytes(buf)
            except httpx.HTTPError as exc:
                return f"unreachable ({type(exc).__name__})"
            ext = image_type(data)
            if ext is None:
                return "not a PNG, JPEG, GIF, WebP or AVIF image"
            stem = Path(unquote(parts.path)).stem or "cover"
            return data, f"{stem}{ext}"
    return f"more than {hops} redirects"


def _alts(body: str) -> dict[str, str]:
    """Alt text of each image reference in the body, by file name."""
    return {Path(src).name: alt for alt, src in re.findall(r"!\[([^\]]*)\]\(([^)\s]+)", body)}


def rewrite_images(body: str, urls: dict[str, str]) -> str:
    """Point `![alt](local/name.png)` references at their uploaded URLs (by file name)."""
    for name, url in urls.items():
        body = re.sub(r"(!\[[^\]]*\]\()[^)\s]*" + re.escape(name) + r"(?=[)\s])", lambda m, u=url: m.group(1) + u, body)
    return body


def publish_wordpress(post: SourcePost, url: str, live: bool, dry_run: bool, force: bool,
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
            if not (is_ours(found) or force):
                raise PublishError(f"{client.site} already has a post with the slug {post.slug!r} (id {found['id']}) "
                                   "that blogwright did not publish: --force overwrites it, or give this post "
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
            notes.append(f"GET {image}, then POST {client.api}/media  (alt {alt!r}; the featured image)")
        else:
            got = fetch_cover(image, transport)
            if isinstance(got, str):
                notes.append(f"the cover {image} was not uploaded ({got}): no featured image")
            else:
                featured = upload_bytes(client, got[0], got[1], alt, db)[0]
    elif image:
        notes.append(f"the cover {image} is not a local image file or an http(s) URL: not uploaded, no featured image")

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
