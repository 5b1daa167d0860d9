"""Publish targets as a registry (`core.registry`): Hugo and Jekyll sites and WordPress are built in;
another package adds one under the `blogwright.publish_targets` entry-point group (an object with
`usage`, `where(text)` and `publish(post, where, options)`, like `publish.fake.FakeTarget`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from blogwright.core.errors import BadInput
from blogwright.core.registry import Registry
from blogwright.publish.source import SourcePost
from blogwright.publish.static import FilePlan, plan_hugo, plan_jekyll
from blogwright.publish.wp_publish import publish_wordpress


@dataclass
class PublishResult:
    """Where the post went (a path or URL), what happened, and the dry-run text if any."""

    target: str
    location: str
    action: str
    dry_run_text: str = ""
    remote_id: int | None = None
    notes: list[str] = field(default_factory=list)  # e.g. local images that were not copied, and why


@dataclass
class PublishOptions:
    """How to publish: `live` (not a draft), `dry_run` (say what would happen), `force` (the gates were skipped), `overwrite` (replace a post already there),
    `db` (an sqlite3 connection that remembers WordPress ids), `wp_config` (the config's wordpress
    section), `transport` (an httpx transport, for tests), `allow_html` (keep the post's raw HTML)."""

    live: bool = False
    dry_run: bool = False
    force: bool = False
    overwrite: bool = False
    db: Any = None
    wp_config: dict | None = None
    transport: Any = None
    allow_html: bool = False


class Target(Protocol):
    usage: str  # how a user names it: "hugo:SITE_DIR"

    def where(self, where: str) -> str:
        """The location after the colon, checked and made canonical; `BadInput` when it cannot be one."""
        ...

    def publish(self, post: SourcePost, where: str, options: PublishOptions) -> PublishResult: ...


@dataclass(frozen=True)
class StaticSite:
    """A Hugo or Jekyll site folder: the post and its images are written into it."""

    name: str
    plan: Callable[[SourcePost, Path, bool, bool], FilePlan]

    @property
    def usage(self) -> str:
        return f"{self.name}:SITE_DIR"

    def where(self, where: str) -> str:
        return where

    def publish(self, post: SourcePost, where: str, options: PublishOptions) -> PublishResult:
        site = Path(where).expanduser()
        if not site.is_dir():
            raise BadInput(f"{site} is not a folder: point --to at the site's root folder")
        plan = self.plan(post, site, options.live, options.allow_html)
        if options.dry_run:
            exists = " (exists: would need --overwrite)" if plan.main.exists() and not options.overwrite else ""
            return PublishResult(self.name, str(plan.main), "dry-run" + exists, plan.describe(), notes=plan.notes)
        existed = plan.main.exists()
        plan.write(options.overwrite)
        return PublishResult(self.name, str(plan.main), "overwritten" if existed else "written", notes=plan.notes)


class WordPress:
    """A WordPress site's REST API (publish/wp_publish.py)."""

    usage = "wordpress:URL"

    def where(self, where: str) -> str:
        if "://" in where and not where.lower().startswith(("http://", "https://")):
            raise BadInput(f"wordpress:{where[:80]}: a WordPress site is an http(s) URL (wordpress:https://blog.example)")
        if not where.lower().startswith(("http://", "https://")):
            where = "https://" + where
        if not urlsplit(where).hostname:
            raise BadInput(f"wordpress:{where[:80]}: no host name in the URL")
        return where

    def publish(self, post: SourcePost, where: str, options: PublishOptions) -> PublishResult:
        r = publish_wordpress(post, where, options.live, options.dry_run, options.overwrite, options.db, options.wp_config,
                              options.transport)
        return PublishResult("wordpress", r["location"], r["action"], r["dry_run_text"], r["remote_id"],
                             notes=[*post.skipped_images, *r.get("notes", [])])


BUILTIN_TARGETS: dict[str, Target] = {"hugo": StaticSite("hugo", plan_hugo), "jekyll": StaticSite("jekyll", plan_jekyll),
                                      "wordpress": WordPress()}
TARGETS: Registry[Target] = Registry("blogwright.publish_targets", BUILTIN_TARGETS, "publish target")


def parse_target(spec: str) -> tuple[str, str]:
    """`hugo:DIR`, `jekyll:DIR`, `wordpress:URL` or a plug-in's `NAME:WHERE` -> (kind, where)."""
    kind, sep, where = spec.partition(":")
    if not sep or kind not in TARGETS or not where:
        usages = [t.usage for t in TARGETS.all().values()]
        raise BadInput(f"unknown target {spec!r}: use {', '.join(usages[:-1])} or {usages[-1]}")
    return kind, TARGETS.get(kind).where(where)
