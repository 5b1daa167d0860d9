"""WordPress target: create or update a post over the REST API with an application password."""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import time
from dataclasses import dataclass

import httpx

from blogwright.core.errors import BadInput, PublishError
from blogwright.publish.source import SourcePost

# the `publications` table (which post went where) is created by store.m101_publications


_BULLET = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


def _inline(text: str) -> str:
    t = html.escape(text, quote=False)
    t = re.sub(r"`([^`]+)`", r"<code>\1</code>", t)
    t = re.sub(r"!\[([^\]]*)\]\(([^)\s]+)\)", r'<img alt="\1" src="\2">', t)
    t = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', t)
    t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
    return re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*", r"<em>\1</em>", t)


def markdown_to_html(md: str) -> str:
    """Small converter: headings, paragraphs, lists, code fences, bold, italics, links, images."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", md.strip()):
        lines = block.strip().splitlines()
        if not lines:
            continue
        first = lines[0]
        if first.startswith("```"):
            code = "\n".join(ln for ln in lines[1:] if not ln.startswith("```"))
            out.append(f"<pre><code>{html.escape(code)}</code></pre>")
        elif m := re.match(r"(#{1,6})\s+(.*)", first):
            n = len(m.group(1))
            out.append(f"<h{n}>{_inline(m.group(2))}</h{n}>")
            if lines[1:]:
                out.append(markdown_to_html("\n".join(lines[1:])))
        elif all(re.match(r"\s*(?:[-*+]|\d+\.)\s+", ln) for ln in lines):
            tag = "ol" if re.match(r"\s*\d+\.", first) else "ul"
            items = "".join("<li>" + _inline(_BULLET.sub("", ln)) + "</li>" for ln in lines)
            out.append(f"<{tag}>{items}</{tag}>")
        else:
            out.append(f"<p>{_inline(' '.join(ln.strip() for ln in lines))}</p>")
    return "\n".join(out)


@dataclass
class Credentials:
    user: str
    password: str


def credentials(config: dict | None = None) -> Credentials:
    """$WORDPRESS_USER / $WORDPRESS_APP_PASSWORD, else the config file's `wordpress:` section."""
    cfg = config or {}
    user = os.environ.get("WORDPRESS_USER") or cfg.get("user") or ""
    pw = os.environ.get("WORDPRESS_APP_PASSWORD") or cfg.get("app_password") or cfg.get("password") or ""
    if not user or not pw:
        raise BadInput("no WordPress credentials: set WORDPRESS_USER and WORDPRESS_APP_PASSWORD "
                       "(an application password) or `wordpress: {user:, app_password:}` in the config file")
    return Credentials(str(user), str(pw))


def post_body(post: SourcePost, live: bool, tag_ids: list[int] | list[str]) -> dict:
    body = re.sub(r"\A\*\*TL;DR:\*\*.*\n", "", post.body).strip()
    return {"title": post.title, "slug": post.slug, "status": "publish" if live else "draft",
            "content": markdown_to_html(body), "excerpt": post.summary or post.description,
            "tags": tag_ids}


class WordPressClient:
    """Thin REST client; `transport` lets tests plug in httpx.MockTransport."""

    def __init__(self, url: str, creds: Credentials, transport: httpx.BaseTransport | None = None,
                 timeout: float = 20.0):
        self.site = url.rstrip("/")
        self.api = self.site + "/wp-json/wp/v2"
        self.http = httpx.Client(auth=(creds.user, creds.password), transport=transport, timeout=timeout,
                                 follow_redirects=True, headers={"User-Agent": "blogwright"})

    def _call(self, method: str, path: str, **kw) -> httpx.Response:
        url = self.api + path
        try:
            r = self.http.request(method, url, **kw)
        except httpx.HTTPError as exc:
            raise PublishError(f"WordPress at {self.site} is unreachable: {exc}") from None
        if r.status_code in (401, 403):
            raise PublishError(f"WordPress refused the credentials ({r.status_code}): check WORDPRESS_USER "
                               "and WORDPRESS_APP_PASSWORD (an application password, not the login one)")
        if r.status_code == 404 and "rest_no_route" in r.text or r.status_code == 404 and path == "/posts":
            raise PublishError(f"{self.site} has no WordPress REST API at /wp-json/wp/v2")
        if r.status_code >= 400:
            raise PublishError(f"WordPress {method} {path} failed ({r.status_code}): {r.text[:200]}")
        try:
            r.json()
        except ValueError:
            raise PublishError(f"{self.site} did not answer like WordPress (not JSON) at {path}") from None
        return r

    def tag_ids(self, names: list[str], dry_run: bool = False) -> list[int] | list[str]:
        """IDs of the tags, creating the missing ones (in a dry run: names, nothing created)."""
        if dry_run:
            return list(names)
        ids = []
        for name in names:
            found = [t for t in self._call("GET", "/tags", params={"search": name, "per_page": 100}).json()
                     if t.get("name", "").lower() == name.lower() or t.get("slug") == name.lower()]
            if found:
                ids.append(found[0]["id"])
            else:
                ids.append(self._call("POST", "/tags", json={"name": name}).json()["id"])
        return ids

    def find_by_slug(self, slug: str) -> int | None:
        posts = self._call("GET", "/posts", params={"slug": slug, "status": "draft,publish,pending,private",
                                                    "context": "edit"}).json()
        return posts[0]["id"] if posts else None

    def exists(self, remote_id: int) -> bool:
        try:
            self._call("GET", f"/posts/{remote_id}", params={"context": "edit"})
        except PublishError as exc:
            if "(404)" in str(exc):
                return False
            raise
        return True

    def save(self, body: dict, remote_id: int | None) -> dict:
        if remote_id:
            return self._call("POST", f"/posts/{remote_id}", json=body).json()
        return self._call("POST", "/posts", json=body).json()


def redacted_request(method: str, url: str, body: dict, user: str) -> str:
    return (f"{method} {url}\nAuthorization: Basic {user}:<redacted>\n"
            + json.dumps(body, indent=2, ensure_ascii=False))


def remembered_id(db: sqlite3.Connection | None, site: str, slug: str) -> int | None:
    if db is None:
        return None
    row = db.execute("SELECT remote_id FROM publications WHERE site=? AND slug=?", (site, slug)).fetchone()
    return int(row[0]) if row else None


def remember(db: sqlite3.Connection | None, site: str, slug: str, remote_id: int, url: str) -> None:
    if db is not None:
        db.execute("INSERT OR REPLACE INTO publications VALUES (?,?,?,?,?)",
                   (site, slug, str(remote_id), url, time.time()))
        db.commit()
