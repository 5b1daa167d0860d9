"""Hugo and Jekyll targets: detect the site, render front matter in its format, plan the files.

Every file a plan writes, copies or removes is inside the site (`core.io.resolve_inside`: no `..`,
no absolute path, no symlinked folder that leads elsewhere; checked when the plan is made, so a dry
run refuses too) and is written without following a symlink. The body goes through
`safe_markdown` (raw HTML, shortcodes / Liquid and unsafe links made harmless) unless `allow_html`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from blogwright.core.errors import BadInput
from blogwright.core.io import read_bytes, resolve_inside, write_inside
from blogwright.model.post import dated
from blogwright.publish.fields import hugo_fields, jekyll_fields
from blogwright.publish.safe_markdown import safe_markdown
from blogwright.publish.source import SourcePost
from blogwright.text import frontmatter
from blogwright.text.citations import link_citations

HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
                "config.toml", "config.yaml", "config.yml", "config.json")


@dataclass
class FilePlan:
    """Files to write (path -> text) and files to copy (dest -> source)."""

    target: str
    main: Path
    files: dict[Path, str] = field(default_factory=dict)
    copies: dict[Path, Path] = field(default_factory=dict)
    removes: list[Path] = field(default_factory=list)  # e.g. a Jekyll draft once the post goes live
    root: Path | None = None  # the site: nothing is written, copied or removed outside it
    notes: list[str] = field(default_factory=list)  # e.g. images that were not copied, and why

    def describe(self) -> str:
        """Dry-run text: every path and its full content."""
        out = []
        for path, text in self.files.items():
            out.append(f"write {path}\n{text}")
        out.extend(f"copy {src} -> {dest}" for dest, src in self.copies.items())
        out.extend(f"remove {path}" for path in self.removes)
        out.extend(f"({note})" for note in self.notes)
        return "\n".join(out)

    def _relative(self, path: Path) -> Path:
        root = self.root or self.main.parent
        try:
            return path.relative_to(root)
        except ValueError:
            raise BadInput(f"{path} is outside the site {root}: refused") from None

    def check(self) -> FilePlan:
        """Every destination inside the site (BadInput otherwise); returns the plan."""
        root = self.root or self.main.parent
        for path in [self.main, *self.files, *self.copies, *self.removes]:
            resolve_inside(root, self._relative(path), "the published file")
        return self

    def write(self, overwrite: bool) -> Path:
        """Write the files; refuse to replace the post's file unless `overwrite`."""
        self.check()
        root = self.root or self.main.parent
        if (self.main.exists() or self.main.is_symlink()) and not overwrite:
            raise BadInput(f"{self.main} already exists: use --overwrite to replace it, "
                           "or give the post another `slug:` in its front matter")
        try:
            for path, text in self.files.items():
                write_inside(root, self._relative(path), text, overwrite=True, what="the published file")
            for dest, src in self.copies.items():
                write_inside(root, self._relative(dest), read_bytes(src, "image", "image"), overwrite=True,
                             what="the copied image")
            for path in self.removes:
                resolve_inside(root, self._relative(path), "the file to remove")
                path.unlink(missing_ok=True)
        except OSError as exc:
            raise BadInput(f"cannot write {self.main}: {exc.strerror or exc}") from None
        return self.main


def dump_front_matter(data: dict, fmt: str) -> str:
    """`---` YAML or `+++` TOML front matter block (without the body); None values left out of TOML."""
    return frontmatter.block(data, fmt)


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
            if md.is_symlink() or not md.is_file():
                continue  # only the site's own files, and only their first line
            try:
                with open(md, "rb") as fh:
                    head = fh.read(8).decode("utf-8", "replace")
            except OSError:
                continue
            fmt = frontmatter.format_of(head)
            if fmt:
                return fmt
    return "toml" if cfg.suffix == ".toml" else "yaml"


def _image_name(name: str) -> str:
    """The name a copied image gets: letters, digits, '.', '_' and '-' only."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", name).lstrip(".-") or "image"


def _point_images(body: str, img: Path, target: str) -> str:
    """Every `![alt](.../NAME)` of this image points at `target` instead."""
    return re.sub(r"(!\[[^\]]*\]\()[^)\s]*" + re.escape(img.name) + r"(?=[)\s])",
                  lambda m: m.group(1) + target, body)


def _hugo_section(site: Path) -> str:
    content = site / "content"
    if (content / "posts").is_dir() or not content.is_dir():
        return "posts"
    for name in ("post", "blog", "articles"):
        if (content / name).is_dir():
            return name
    return "posts"


def plan_hugo(post: SourcePost, site: Path, live: bool, allow_html: bool = False) -> FilePlan:
    """content/SECTION/slug.md, or slug/index.md (page bundle) when the post has local images."""
    cfg = _hugo_config(site)
    fmt = _hugo_format(site, cfg)
    section = site / "content" / _hugo_section(site)
    data = {"title": post.title, "date": dated(post.date).isoformat(), "slug": post.slug,
            "draft": not live, "tags": post.tags, "description": post.description,
            "summary": post.summary or None}
    body = safe_markdown(link_citations(post.body), "hugo", allow_html)
    plan = FilePlan("hugo", section / f"{post.slug}.md", root=site, notes=list(post.skipped_images))
    if post.images:
        bundle = section / post.slug
        plan.main = bundle / "index.md"
        for img in post.images:
            plan.copies[bundle / _image_name(img.name)] = img
            body = _point_images(body, img, _image_name(img.name))
    plan.copies.update(hugo_fields(post, site, section.name, data, plan.main, bundle=plan.main.name == "index.md"))
    plan.files[plan.main] = dump_front_matter(data, fmt) + "\n" + body
    return plan.check()


def plan_jekyll(post: SourcePost, site: Path, live: bool, allow_html: bool = False) -> FilePlan:
    """_posts/YYYY-MM-DD-slug.md with Jekyll front matter when live, else the draft _drafts/slug.md."""
    if not ((site / "_config.yml").is_file() or (site / "_config.yaml").is_file()):
        raise BadInput(f"{site} is not a Jekyll site (no _config.yml): "
                       "run `jekyll new` there or point --to at the site's root folder")
    data: dict = {"layout": "post", "title": post.title, "date": dated(post.date).strftime("%Y-%m-%d %H:%M:%S %z"),
                  "tags": post.tags}
    if post.meta.get("categories"):
        data["categories"] = post.meta["categories"]
    data["description"] = post.description
    if post.summary:
        data["excerpt"] = post.summary
    draft = site / "_drafts" / f"{post.slug}.md"  # Jekyll's drafts folder (`jekyll serve --drafts`)
    plan = FilePlan("jekyll", site / "_posts" / f"{post.date.isoformat()}-{post.slug}.md" if live else draft,
                    root=site, notes=list(post.skipped_images))
    if live and draft.exists():
        plan.removes.append(draft)  # the draft is now the post
    plan.copies.update(jekyll_fields(post, site, data, plan.main))
    body = safe_markdown(link_citations(post.body), "jekyll", allow_html)  # Liquid quoted first: the image tags below run
    for img in post.images:
        name = _image_name(img.name)
        plan.copies[site / "assets" / "images" / post.slug / name] = img
        body = _point_images(body, img, "{{ '/assets/images/" + post.slug + "/" + name + "' | relative_url }}")
    plan.files[plan.main] = dump_front_matter(data, "yaml") + "\n" + body
    return plan.check()
