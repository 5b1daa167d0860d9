"""Issue 25, item 5 on the web page: the References list is rendered as Markdown (links, a list), not a
raw monospace block, and a citation in a paragraph is a link to it."""

from __future__ import annotations

import re

from blogwright.store import Store

from ..test_citations import REFS
from .conftest import start, wait


def test_the_web_page_renders_references_as_markdown_with_links(client):
    job = start(client, topic="SQLite WAL mode")
    assert wait(client, job)["status"] == "done"
    with Store() as store:
        post = store.logged_post(job)
        post.references_md = REFS
        post.intro = "WAL helps [1]."
        store.update_post(job, post.model_dump(mode="json"))
    page = client.get(f"/posts/{job}").text
    refs = re.search(r'<section class="refs" id="refs">(.*?)</section>', page, re.S).group(1)
    assert "<pre>" not in refs and '<h2 id="references">References</h2>' in refs and "<ol>" in refs
    assert '<a href="https://sqlite.org/wal.html">SQLite docs</a>' in refs
    assert '<a class="cite" href="#references">[1]</a>' in page
