"""Publishing to WordPress the way a blogger expects: tags and categories (created when missing), the
cover as the featured image and every local image uploaded through `/wp/v2/media` and referenced by
its WordPress URL, and an existing post updated only when blogwright published it.

Which post is "ours": the id remembered in the log for (site, slug), or a post with the slug whose
content carries blogwright's marker (an HTML comment, kept by WordPress, invisible on the page), so a
fresh log still finds it. A post with the same slug that blogwright did not write is never
overwritten without `--force`.
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

import httpx

from blogwright.core.errors import BadInput, PublishError
from blogwright.publish.fields import common, cover_of, local_cover
from blogwright.publish.source import SourcePost
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
    """Upload an image to the media library (once per content: the log remembers it); (id, URL)."""
    data = path.read_bytes()
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
    """Create or update the post; returns {location, action, dry_run_text, remote_id}."""
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
    elif image:
        notes.append(f"the cover {image} is not a local file: not uploaded, no featured image")

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
            "remote_id": int(saved["id"])}
