"""A written post: load it from the log, edit, revert or regenerate a part, check its parts, save it,
render it, publish it (the web page's post view, `blogwright publish`, a batch's publish step)."""

from __future__ import annotations

from blogwright.edits import (
    META_FIELDS,
    StoredPost,
    feed_voice,
    is_learned,
    load,
    part_report,
    part_reports,
    post_voice,
    require_section,
    revert_part,
    save_file,
    save_meta,
    save_part,
    section_report,
)
from blogwright.pipeline.revise import regenerate_section
from blogwright.publish import parse_target, publish_post
from blogwright.render import post_words, render, to_markdown
from blogwright.text.citations import link_citations
from blogwright.text.markdown import to_html

__all__ = ["META_FIELDS", "StoredPost", "markdown_html", "save_meta", "feed_voice", "is_learned", "load", "parse_target", "part_report", "part_reports", "post_voice", "post_words",
           "publish_post", "regenerate_section", "render", "require_section", "revert_part", "save_file", "save_part",
           "section_report", "to_markdown"]


def markdown_html(md: str) -> str:
    """Markdown as safe HTML (raw HTML escaped, unsafe links dropped) with `[n]` linked to the References."""
    return to_html(link_citations(md or ""))
