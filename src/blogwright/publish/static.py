"""Hugo and Jekyll targets: detect the site, render front matter in its format, plan the files."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from blogwright.core.errors import BadInput
from blogwright.publish.source import SourcePost

HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
                "config.toml", "config.yaml", "config.yml", "config.json")


@dataclass
class FilePlan:
    """Files to write (path -> text) and files to copy (dest -> source)."""

    target: str
    main: Path
    files: dict[Path, str] = field(default_factory=dict)
    copies: dict[Path, Path] = field(default_factory=dict)

    def describe(self) -> str:
        """Dry-run text: every path and its full content."""
        out = []
        for path, text in self.files.items():
            out.append(f"write {path}\n{text}")
        out.extend(f"copy {src} -> {dest}" for dest, src in self.copies.items())
        return "\n".join(out)

    def write(self, force: bool) -> Path:
        """Write the files; refuse to overwrite unless force."""
        if self.main.exists() and not force:
            raise BadInput(f"{self.main} already exists: use --force to overwrite it, "
                           "or give the post another `slug:` in its front matter")
        try:
            for path, text in self.files.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            for dest, src in self.copies.items():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)
        except OSError as exc:
            raise BadInput(f"cannot write {self.main}: {exc.strerror or exc}") from None
        return self.main


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def dump_front_matter(data: dict, fmt: str) -> str:
    """`---` YAML or `+++` TOML front matter block (without the body)."""
    if fmt == "toml":
        lines = [f"{k} = {_toml_value(v)}" for k, v in data.items() if v is not None]
        return "+++\n" + "\n".join(lines) + "\n+++\n"
    fm = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{fm}---\n"


def _hugo_config(site: Path) -> Path:
    for name in HUGO_CONFIGS:
        if (site / name).is_file():
            return site / name
    if (site / "config").is_dir() and any((site / "config").rglob("*.*")):
        return next(iter(sorted((site / "config").rglob("*.*"))))
    raise BadInput(f"{site} is not a Hugo site (no hugo.toml, hugo.yaml or config.toml): "
                   "run `hugo new site` there or point --to at the site's root folder")


def _hugo_format(site: Path, cfg: Path) -> str:
    """The front matter format the site already uses (existing content wins), else the config's."""
    content = site / "content"
    if content.is_dir():
        for md in sorted(content.rglob("*.md"))[:50]:
            head = md.read_text(encoding="utf-8", errors="replace")[:4]
            if head.startswith("+++"):
                return "toml"
            if head.startswith("---"):
                return "yaml"
    return "toml" if cfg.suffix == ".toml" else "yaml"


def _hugo_section(site: Path) -> str:
    content = site / "content"
    if (content / "posts").is_dir() or not content.is_dir():
        return "posts"
    for name in ("post", "blog", "articles"):
        if (content / name).is_dir():
            return name
    return "posts"


def plan_hugo(post: SourcePost, site: Path, live: bool) -> FilePlan:
    """content/SECTION/slug.md, or slug/index.md (page bundle) when the post has local images."""
    cfg = _hugo_config(site)
    fmt = _hugo_format(site, cfg)
    section = site / "content" / _hugo_section(site)
    data = {"title": post.title, "date": post.date.isoformat() + "T00:00:00Z", "slug": post.slug,
            "draft": not live, "tags": post.tags, "description": post.description,
            "summary": post.summary or None}
    body = post.body
    plan = FilePlan("hugo", section / f"{post.slug}.md")
    if post.images:
        bundle = section / post.slug
        plan.main = bundle / "index.md"
        for img in post.images:
            plan.copies[bundle / img.name] = img
            body = re.sub(r"(!\[[^\]]*\]\()[^)\s]*" + re.escape(img.name), r"\g<1>" + img.name, body)
    plan.files[plan.main] = dump_front_matter(data, fmt) + "\n" + body
    return plan


def plan_jekyll(post: SourcePost, site: Path, live: bool) -> FilePlan:
    """_posts/YYYY-MM-DD-slug.md with Jekyll front matter; `published: false` unless live."""
    if not ((site / "_config.yml").is_file() or (site / "_config.yaml").is_file()):
        raise BadInput(f"{site} is not a Jekyll site (no _config.yml): "
                       "run `jekyll new` there or point --to at the site's root folder")
    data: dict = {"layout": "post", "title": post.title, "date": f"{post.date.isoformat()} 00:00:00 +0000",
                  "tags": post.tags}
    if post.meta.get("categories"):
        data["categories"] = post.meta["categories"]
    data["description"] = post.description
    if post.summary:
        data["excerpt"] = post.summary
    if not live:
        data["published"] = False
    plan = FilePlan("jekyll", site / "_posts" / f"{post.date.isoformat()}-{post.slug}.md")
    body = post.body
    for img in post.images:
        dest = site / "assets" / "images" / post.slug / img.name
        plan.copies[dest] = img
        body = re.sub(r"(!\[[^\]]*\]\()[^)\s]*" + re.escape(img.name),
                      r"\g<1>{{ '/assets/images/" + post.slug + "/" + img.name + "' | relative_url }}", body)
    plan.files[plan.main] = dump_front_matter(data, "yaml") + "\n" + body
    return plan
