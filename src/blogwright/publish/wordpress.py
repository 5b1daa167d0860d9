"""WordPress target: create or update a post over the REST API with an application password."""

from __future__ import annotations

import html
import json
import os
import sqlite3
import time
from dataclasses import dataclass

import httpx

from blogwright.core.errors import BadInput, PublishError
from blogwright.core.http import Policy, client, describe_error, shown
from blogwright.publish.source import SourcePost
from blogwright.text.citations import link_citations
from blogwright.text.document import TLDR
from blogwright.text.markdown import to_html

# the `publications` table (which post went where) is created by store.m101_publications


def markdown_to_html(md: str) -> str:
    """The WordPress body: the one Markdown renderer (`blogwright.text.markdown.to_html`), so a
    published post looks like the HTML export: nested lists, code blocks with blank lines, quotes,
    tables, images; raw HTML escaped, `javascript:` links dropped, quotes in URLs encoded."""
    return to_html(link_citations(md)).strip()  # [n] -> a link to the References list


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
    first, _, rest = post.body.strip().partition("\n\n")
    body = rest if TLDR.match(first) else post.body.strip()  # the TL;DR goes to the excerpt
    # WordPress shows title and excerpt as HTML: they go as text (tags stripped when read, `<` `&` escaped)
    return {"title": html.escape(post.title, quote=False), "slug": post.slug, "status": "publish" if live else "draft",
            "content": markdown_to_html(body), "excerpt": html.escape(post.summary or post.description, quote=False),
            "tags": tag_ids}


class WordPressClient:
    """Thin REST client; `transport` lets tests plug in httpx.MockTransport."""

    def __init__(self, url: str, creds: Credentials, transport: httpx.BaseTransport | None = None,
                 timeout: float = 20.0):
        self.site = url.rstrip("/")
        self.api = self.site + "/wp-json/wp/v2"
        # the one HTTP policy (core.http): bounded, a clear User-Agent, redirects re-checked; the site is the
        # one the user named (often on the LAN or this machine), so private addresses are allowed
        policy = Policy("WordPress", timeout=timeout, max_bytes=20_000_000, allow_private=True, error=PublishError)
        self.http = client(policy, transport=transport, auth=(creds.user, creds.password))

    def _call(self, method: str, path: str, **kw) -> httpx.Response:
        url = self.api + path
        try:
            r = self.http.request(method, url, **kw)
        except httpx.HTTPError as exc:
            raise PublishError(f"WordPress at {shown(self.site)} is unreachable: {describe_error(exc)}") from None
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
