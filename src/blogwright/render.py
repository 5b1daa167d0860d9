"""Render a Post as Markdown with YAML front matter (Hugo and Jekyll), a standalone HTML page, or JSON."""

from __future__ import annotations

import html
import json
from pathlib import Path

from blogwright.core.errors import BadInput
from blogwright.core.io import save_new
from blogwright.core.sanitize import clean_text
from blogwright.model.post import TLDR_LABEL, Post, dated
from blogwright.text import frontmatter
from blogwright.text.citations import link_citations, reference_count
from blogwright.text.document import reader_words
from blogwright.text.markdown import inline_html
from blogwright.text.markdown import to_html as _markdown_html

FORMATS = ("md", "html", "json")


def front_matter(post: Post) -> dict:
    return {
        "title": post.title,
        "date": dated(post.date).isoformat(),  # local midnight with its offset: never "in the future"
        **({"lastmod": post.lastmod.isoformat()} if post.lastmod else {}),
        "slug": post.slug,
        "tags": list(post.tags),
        **({"categories": list(post.categories)} if post.categories else {}),
        "description": post.description,
        "summary": post.summary,
        **({"cover": {"image": post.cover, "alt": post.cover_alt}} if post.cover else {}),
        **({"canonical_url": post.canonical_url} if post.canonical_url else {}),
        **({"series": post.series} if post.series else {}),
        "voice": post.voice,
        "model": post.model,
        "words": post_words(post),
        **({"fact_check": post.fact_check} if post.fact_check else {}),
        # `fact_check: needed` always comes with its list (empty when nothing checkable is left): the
        # `facts` gate blocks a post that says it needs a check but never listed its claims
        **({"claims_to_check": len(post.unverified), "check_claims": list(post.unverified)}
           if post.unverified or post.fact_check == "needed" else {}),
        **({"draft": True} if not post.complete else {}),
    }


def _body_parts(post: Post) -> list[str]:
    """The Markdown below the front matter: title, TL;DR, intro, sections, wrap-up, References."""
    parts = [f"# {post.title}"]
    if post.summary:
        parts.append(f"**{TLDR_LABEL}:** {post.summary}")
    parts += post.body_blocks()  # a short post: no headings
    if post.references_md:
        parts.append(post.references_md.rstrip())
    return parts


def post_words(post: Post) -> int:
    """The post's word count: `text.document.reader_words` of the Markdown it renders to (the one count
    the front matter, `wrote`, the log, the web page and the length gate give)."""
    return reader_words("\n\n".join(_body_parts(post)))


def to_markdown(post: Post) -> str:
    parts = [frontmatter.block(front_matter(post), "yaml").rstrip("\n"), *_body_parts(post)]
    return link_citations("\n\n".join(parts).rstrip() + "\n")  # [n] -> [[n]](#references)


def to_html(post: Post) -> str:
    """A standalone page; every Markdown part goes through the one renderer (`text.markdown`)."""
    refs = reference_count(post.references_md)

    def markdown_html(md: str) -> str:  # citations are links to the References list
        return _markdown_html(link_citations(md, refs))

    body = [f"<h1>{html.escape(post.title)}</h1>"]
    if post.summary:
        body.append(f'<p class="tldr"><strong>{TLDR_LABEL}:</strong> {inline_html(post.summary)}</p>')
    body.append(markdown_html(post.intro).strip())
    for s in post.sections:
        head = f"<h2>{inline_html(s.heading)}</h2>\n" if s.heading else ""
        body.append(f"{head}{markdown_html(s.text).strip()}")
    if post.conclusion:
        head = f"<h2>{html.escape(post.wrap_up_heading)}</h2>\n" if post.has_headings else ""
        body.append(f"{head}{markdown_html(post.conclusion).strip()}")
    if post.references_md:
        body.append(markdown_html(post.references_md).strip())
    tags = "".join(f'<li>{html.escape(t)}</li>' for t in post.tags)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(post.title)}</title>
<meta name="description" content="{html.escape(post.description)}">
<style>body{{max-width:42rem;margin:2rem auto;padding:0 1rem;font:18px/1.6 Georgia,serif;color:#222}}
.tldr{{background:#f4f4f0;padding:.8rem;border-left:4px solid #888}}.tags li{{display:inline;margin-right:.6rem;color:#666}}
pre{{background:#f4f4f0;padding:.8rem;overflow-x:auto;font-size:.85em}}blockquote{{margin:1rem 0;padding-left:1rem;border-left:3px solid #ccc;color:#555}}
table{{border-collapse:collapse}}th,td{{border:1px solid #ccc;padding:.3rem .6rem}}img{{max-width:100%}}</style>
</head><body><article>
{chr(10).join(b for b in body if b)}
<ul class="tags">{tags}</ul>
</article></body></html>
"""


def to_json(post: Post) -> str:
    data = post.model_dump(mode="json")
    data["words"] = post_words(post)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(post: Post, fmt: str) -> str:
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    # no control characters (ESC, BEL, ...: a terminal runs them) and no lone surrogates in any file
    return clean_text({"md": to_markdown, "html": to_html, "json": to_json}[fmt](post))


def file_name(post: Post, fmt: str, draft: bool = False) -> str:
    """YYYY-MM-DD-slug.EXT (YYYY-MM-DD-slug.draft.EXT for a draft)."""
    return f"{post.date.isoformat()}-{post.slug or 'post'}" + (".draft" if draft else "") + f".{fmt}"


def write_post_file(post: Post, out_dir: str | Path, fmt: str = "md", draft: bool = False) -> Path:
    """OUT/YYYY-MM-DD-slug.EXT, saved with `core.io.save_new`: atomic (a full disk leaves no truncated
    post under its name), never over an existing file or through a symlink (-2, -3, ... instead)."""
    return save_new(out_dir, file_name(post, fmt, draft), render(post, fmt), what="post")
