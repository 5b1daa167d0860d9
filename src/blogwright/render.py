"""Render a Post as Markdown with YAML front matter (Hugo and Jekyll), a standalone HTML page, or JSON."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml

from blogwright.core.errors import BadInput
from blogwright.model.post import Post

FORMATS = ("md", "html", "json")


def front_matter(post: Post) -> dict:
    return {
        "title": post.title,
        "date": post.date.isoformat(),
        "slug": post.slug,
        "tags": list(post.tags),
        "description": post.description,
        "summary": post.summary,
        "voice": post.voice,
        "model": post.model,
        "words": post.body_words,
        **({"draft": True} if not post.complete else {}),
    }


def to_markdown(post: Post) -> str:
    fm = yaml.safe_dump(front_matter(post), sort_keys=False, allow_unicode=True, width=1000)
    parts = [f"---\n{fm}---", f"# {post.title}"]
    if post.summary:
        parts.append(f"**TL;DR:** {post.summary}")
    if post.intro:
        parts.append(post.intro)
    for s in post.sections:
        parts.append(f"## {s.heading}\n\n{s.text}")
    if post.conclusion:
        parts.append(f"## Wrapping Up\n\n{post.conclusion}")
    if post.references_md:
        parts.append(post.references_md.rstrip())
    return "\n\n".join(parts).rstrip() + "\n"


def _paragraphs_html(text: str) -> str:
    return "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())


def to_html(post: Post) -> str:
    body = [f"<h1>{html.escape(post.title)}</h1>"]
    if post.summary:
        body.append(f'<p class="tldr"><strong>TL;DR:</strong> {html.escape(post.summary)}</p>')
    body.append(_paragraphs_html(post.intro))
    for s in post.sections:
        body.append(f"<h2>{html.escape(s.heading)}</h2>\n{_paragraphs_html(s.text)}")
    if post.conclusion:
        body.append(f"<h2>Wrapping Up</h2>\n{_paragraphs_html(post.conclusion)}")
    if post.references_md:
        refs = [re.sub(r"^\s*(?:\d+\.|[-*])\s*", "", ln) for ln in post.references_md.splitlines()[1:] if ln.strip()]
        body.append("<h2>References</h2>\n<ol>" + "".join(f"<li>{html.escape(r)}</li>" for r in refs) + "</ol>")
    tags = "".join(f'<li>{html.escape(t)}</li>' for t in post.tags)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(post.title)}</title>
<meta name="description" content="{html.escape(post.description)}">
<style>body{{max-width:42rem;margin:2rem auto;padding:0 1rem;font:18px/1.6 Georgia,serif;color:#222}}
.tldr{{background:#f4f4f0;padding:.8rem;border-left:4px solid #888}}.tags li{{display:inline;margin-right:.6rem;color:#666}}</style>
</head><body><article>
{chr(10).join(body)}
<ul class="tags">{tags}</ul>
</article></body></html>
"""


def to_json(post: Post) -> str:
    data = post.model_dump(mode="json")
    data["words"] = post.body_words
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(post: Post, fmt: str) -> str:
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return {"md": to_markdown, "html": to_html, "json": to_json}[fmt](post)


def output_path(post: Post, out_dir: Path, fmt: str, draft: bool = False) -> Path:
    """OUT/YYYY-MM-DD-slug.EXT; never an existing file: adds -2, -3, ... instead of overwriting."""
    stem = f"{post.date.isoformat()}-{post.slug or 'post'}" + (".draft" if draft else "")
    path = out_dir / f"{stem}.{fmt}"
    n = 2
    while path.exists():
        path = out_dir / f"{stem}-{n}.{fmt}"
        n += 1
    return path


def write_post_file(post: Post, out_dir: str | Path, fmt: str = "md", draft: bool = False) -> Path:
    out = Path(out_dir).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
        path = output_path(post, out, fmt, draft)
        with open(path, "x", encoding="utf-8") as fh:  # "x": fail rather than overwrite
            fh.write(render(post, fmt))
    except PermissionError:
        raise BadInput(f"cannot write to {out}: permission denied (choose another --out)") from None
    except (NotADirectoryError, FileExistsError) as exc:
        raise BadInput(f"cannot write the post to {out}: {exc.strerror or exc}") from None
    except OSError as exc:
        raise BadInput(f"cannot write the post to {out}: {exc.strerror or exc}") from None
    return path
