"""Publish a Markdown post to a Hugo site, a Jekyll site or WordPress (REST API).

    result = publish_post("post.md", "hugo:~/site", live=False, dry_run=True)
    result.location, result.dry_run_text
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

from blogwright.checks import CheckContext, GateConfig
from blogwright.core.errors import BadInput
from blogwright.pipeline.gates import check_post
from blogwright.publish.source import SourcePost, load_post
from blogwright.publish.static import FilePlan, plan_hugo, plan_jekyll
from blogwright.publish.wordpress import (
    Credentials,
    PublishError,
    WordPressClient,
    credentials,
    markdown_to_html,
    post_body,
    redacted_request,
    remember,
    remembered_id,
)

TARGETS = ("hugo", "jekyll", "wordpress")

__all__ = ["TARGETS", "Credentials", "FilePlan", "PublishError", "PublishResult", "SourcePost",
           "WordPressClient", "failed_gates", "load_post", "markdown_to_html", "parse_target",
           "publish_post"]


@dataclass
class PublishResult:
    """Where the post went (a path or URL), what happened, and the dry-run text if any."""

    target: str
    location: str
    action: str
    dry_run_text: str = ""
    remote_id: int | None = None


def parse_target(spec: str) -> tuple[str, str]:
    """`hugo:DIR`, `jekyll:DIR` or `wordpress:URL` -> (kind, where)."""
    kind, sep, where = spec.partition(":")
    if not sep or kind not in TARGETS or not where:
        raise BadInput(f"unknown target {spec!r}: use hugo:SITE_DIR, jekyll:SITE_DIR or wordpress:URL")
    if kind == "wordpress" and not where.startswith(("http://", "https://")):
        where = "https://" + where
    return kind, where


def failed_gates(post: SourcePost) -> list[str]:
    """Blocking quality gates the post fails (lexical on-topic check, no embedding model)."""

    report = check_post(post.text, CheckContext(topic=str(post.meta.get("topic") or post.title)),
                            GateConfig(embeddings=False))
    return [name for name, g in report.gates.items() if g.blocking and not g.passed]


def _site_dir(where: str) -> Path:
    site = Path(where).expanduser()
    if not site.is_dir():
        raise BadInput(f"{site} is not a folder: point --to at the site's root folder")
    return site


def publish_post(post_path: str | Path, target: str, *, live: bool = False, dry_run: bool = False,
                 force: bool = False, db=None, wp_config: dict | None = None,
                 transport: httpx.BaseTransport | None = None) -> PublishResult:
    """Publish POST to TARGET. `db`: an sqlite3 connection (Store().db) to remember WordPress ids."""
    kind, where = parse_target(target)
    post = load_post(post_path)
    if not force:
        bad = failed_gates(post)
        if bad:
            raise BadInput(f"{post.path} fails blocking quality gates: {', '.join(bad)} "
                           "(see `blogwright check`; --force publishes anyway)")
    if kind in ("hugo", "jekyll"):
        site = _site_dir(where)
        plan = (plan_hugo if kind == "hugo" else plan_jekyll)(post, site, live)
        if dry_run:
            exists = " (exists: would need --force)" if plan.main.exists() and not force else ""
            return PublishResult(kind, str(plan.main), "dry-run" + exists, plan.describe())
        existed = plan.main.exists()
        plan.write(force)
        return PublishResult(kind, str(plan.main), "overwritten" if existed else "written")
    return _publish_wordpress(post, where, live, dry_run, force, db, wp_config, transport)


def _publish_wordpress(post: SourcePost, url: str, live: bool, dry_run: bool, force: bool, db,
                       wp_config: dict | None, transport) -> PublishResult:
    creds = credentials(wp_config)
    client = WordPressClient(url, creds, transport=transport)
    remote_id = remembered_id(db, client.site, post.slug)
    if remote_id and not client.exists(remote_id):
        remote_id = None
    if remote_id is None:
        remote_id = client.find_by_slug(post.slug)
    body = post_body(post, live, client.tag_ids(post.tags, dry_run=dry_run))
    endpoint = client.api + (f"/posts/{remote_id}" if remote_id else "/posts")
    if dry_run:
        note = "" if not post.tags else "\n(tags are sent as ids; missing tags would be created via /wp/v2/tags)"
        return PublishResult("wordpress", endpoint, "dry-run",
                             redacted_request("POST", endpoint, body, creds.user) + note, remote_id)
    saved = client.save(body, remote_id)
    link = str(saved.get("link") or endpoint)
    remember(db, client.site, post.slug, int(saved["id"]), link)
    return PublishResult("wordpress", link, "updated" if remote_id else "created", remote_id=int(saved["id"]))
