"""A publish target for tests (like the fake backend): it keeps what it was given in memory.

    [project.entry-points."blogwright.publish_targets"]
    memory = "blogwright.publish.fake:fake_target"      # then `publish post.md --to memory:shelf`
"""

from __future__ import annotations

from dataclasses import dataclass, field

from blogwright.core.errors import BadInput
from blogwright.publish.source import SourcePost
from blogwright.publish.targets import PublishOptions, PublishResult


@dataclass
class FakeTarget:
    name: str = "memory"
    published: list[tuple[str, str, PublishOptions]] = field(default_factory=list)  # (slug, where, options)

    @property
    def usage(self) -> str:
        return f"{self.name}:SHELF"

    def where(self, where: str) -> str:
        if not where.isidentifier():
            raise BadInput(f"{self.name}:{where[:40]}: a shelf is a plain name")
        return where

    def publish(self, post: SourcePost, where: str, options: PublishOptions) -> PublishResult:
        if not options.dry_run:
            self.published.append((post.slug, where, options))
        return PublishResult(self.name, f"{self.name}:{where}/{post.slug}", "dry-run" if options.dry_run else "written")


fake_target = FakeTarget()
