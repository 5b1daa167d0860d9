"""Fuzz: `check` and the publishing sanitiser on generated Markdown: no exception, bounded time, and
nothing that would run as script survives `safe_markdown` even under a raw-HTML renderer."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from blogwright.checks import CheckContext, GateConfig
from blogwright.checks.runner import check_markdown, check_section
from blogwright.publish.safe_markdown import safe_markdown, strip_tags
from blogwright.text.document import parse_markdown
from blogwright.text.markdown import to_html

from .conftest import NASTY

PIECES = ["# ", "## ", "### ", "#### ", "- ", "* ", "1. ", "> ", "```", "~~~", "    ", "| a | b |\n|---|---|\n",
          "**", "__", "*", "_", "`", "[", "]", "(", ")", "![", "](", "<", ">", "<div>", "</div>", "<!--", "-->",
          "---\n", "+++\n", "title: ", "tags: [", "&a ", "*a", "**TL;DR:** ", "## Wrapping Up\n", "\n", "\n\n",
          "Caching servers make requests fast. ", "LLM Ops (Lambda Ops) is a ZorblaxFramework 4.5 thing. ",
          "The the cache cache. ", "It is version v2.1 of MLOps. ", "See [x](http://example.org). "]
markdownish = st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(NASTY), st.text(max_size=30)),
                       max_size=120).map("".join)
CONFIG = GateConfig(embeddings=False)


@settings(max_examples=300)
@given(markdownish, st.text(max_size=40))
def test_check_never_crashes_on_generated_markdown(text, topic):
    t0 = time.perf_counter()
    report = check_markdown(text, CheckContext(topic=topic, target_words=300), CONFIG)
    check_section(text, "A heading", CheckContext(topic=topic or "caching"), CONFIG)
    parse_markdown(text)
    assert report.gates and time.perf_counter() - t0 < 20


@settings(max_examples=14)
@given(st.sampled_from(["*_", "_*", "**__", "[](", "[", "](", "![](", "<!--", "{%", "{{<", "...", "A. ", "`a", "<a ",
                        "stands for *_"]), st.integers(20_000, 60_000))
def test_long_runs_of_markup_check_in_bounded_time(unit, n):
    check_markdown("# Warm\n\nWord lists load once.", CheckContext(topic="caching"), CONFIG)
    text = unit * (n // len(unit))
    t0 = time.perf_counter()
    check_markdown(text, CheckContext(topic="caching"), CONFIG)
    assert time.perf_counter() - t0 < 60  # linear: seconds (quadratic patterns took minutes on 2 busy cores)


class _Live(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "svg", "img", "style", "form", "base", "meta", "link"):
            self.found.append(tag)
        for name, value in attrs:
            bare = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or bare.startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"{tag}[{name}]")


RAW = MarkdownIt("commonmark", {"html": True})  # like kramdown: raw HTML passes through


@settings(max_examples=300)
@given(markdownish, st.sampled_from(["hugo", "jekyll"]))
def test_nothing_live_survives_safe_markdown(text, target):
    safe = safe_markdown(text, target)
    parser = _Live()
    parser.feed(RAW.render(safe))
    assert [f for f in parser.found if f != "img"] == [], (text, safe)
    assert "<" not in strip_tags(strip_tags(text)).replace("<", "") and "\n" not in strip_tags(text.replace("\n", " "))


@settings(max_examples=200)
@given(markdownish)
def test_nothing_live_in_exported_or_wordpress_html(text):
    parser = _Live()
    parser.feed(to_html(text))  # the HTML export and the WordPress body
    assert [f for f in parser.found if f != "img"] == [], text
