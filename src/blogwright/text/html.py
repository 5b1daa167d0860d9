"""Main text of an HTML page with the standard library: no menus, scripts, footers or link lists.

`html_blocks` turns a page into blocks (paragraphs, list items, quotes, headings), each marked with
its kind, its link words and whether it is inside <article>/<main>; both the sources reader
(`extract_main_text`, below) and the voice corpus reader (`voices.extract.parse_html`) use it.
`extract_main_text` reads a page's main text with trafilatura (a maintained extractor, not ours).
"""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser

from blogwright.text.document import prose_paragraphs

SKIP_TAGS = frozenset("script style noscript template svg nav header footer aside form button "
                      "iframe select option canvas figure object embed head".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
BLOCK_TAGS = frozenset("p div li h1 h2 h3 h4 h5 h6 pre blockquote td th dd dt section article "
                       "main tr ul ol table hr figcaption body".split())  # <br> is a space, not a break
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
JUNK_ATTR = re.compile(r"\b(?:nav|navbar|menu|sidebar|footer|header|comments?|cookie|banner|advert|ads|"
                       r"share|social|breadcrumbs?|related|newsletter|subscribe|popup|modal|promo|widget)\b", re.I)
MAIN_TAGS = ("article", "main")
KINDS = {"li": "list", "blockquote": "quote", **{h: "heading" for h in HEADINGS}}


class _Extractor(HTMLParser):
    def __init__(self, skip_tags: frozenset[str] = SKIP_TAGS) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_tags = skip_tags
        self.stack: list[tuple[str, bool]] = []  # (tag, starts a skipped subtree)
        self.skip = 0
        self.blocks: list[dict] = []  # {"text", "links", "kind", "main"}
        self.cur: list[str] = []
        self.cur_links = 0
        self.in_link = 0
        self.main_depth = 0
        self.title = ""
        self.in_title = False

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        if text:
            kind = next((KINDS[t] for t, _ in reversed(self.stack) if t in KINDS), "para")
            self.blocks.append({"text": text, "links": self.cur_links, "kind": kind, "main": self.main_depth > 0})
        self.cur, self.cur_links = [], 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in VOID_TAGS:
            self.cur.append(" ")
            return
        junk = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        skipped = tag in self.skip_tags or bool(JUNK_ATTR.search(junk)) and tag not in (*MAIN_TAGS, "body")
        self.stack.append((tag, skipped))
        self.skip += skipped
        if tag in MAIN_TAGS:
            self.main_depth += 1
        if tag == "a":
            self.in_link += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in VOID_TAGS or not any(t == tag for t, _ in self.stack):
            return
        if tag in BLOCK_TAGS:
            self._flush()
        while self.stack:
            t, skipped = self.stack.pop()
            self.skip -= skipped
            if t in MAIN_TAGS:
                self.main_depth -= 1
            if t == "a":
                self.in_link = max(0, self.in_link - 1)
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip:
            return
        self.cur.append(data)
        if self.in_link:
            self.cur_links += len(data.split())


def html_blocks(page: str, skip_tags: frozenset[str] = SKIP_TAGS) -> tuple[str, list[dict]]:
    """(raw <title>, blocks) of a page: {"text", "links" (words inside <a>), "kind" (para, heading,
    list, quote), "main" (inside <article>/<main>)}; `skip_tags` subtrees are not read."""
    parser = _Extractor(skip_tags)
    try:
        parser.feed(page)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    parser._flush()
    return parser.title, parser.blocks


def extract_main_text(page: str) -> tuple[str, str]:
    """(title, main text) of an HTML page with trafilatura (menus, scripts, footers, link lists and
    boilerplate left out); headings become '# ...' lines, blocks are paragraphs."""
    import trafilatura  # lxml and its extractors: only when a page is read

    doc = trafilatura.bare_extraction(page, output_format="python", with_metadata=True, include_tables=True,
                                      include_comments=False, include_links=False, include_images=False)
    body = trafilatura.extract(page, output_format="markdown", include_tables=True, include_comments=False,
                               include_links=False, include_images=False) or ""
    out = [f"# {p.text}" if p.kind == "heading" else p.text for p in prose_paragraphs(body, tables=True, unwrap=False)]
    m = re.search(r"<title[^>]*>(.{1,500}?)</title>", page[:200_000], re.I | re.S)  # the page's own title first
    raw_title = m.group(1) if m else (str(getattr(doc, "title", "") or "") if doc is not None else "")
    title = re.sub(r"\s+", " ", htmllib.unescape(raw_title)).strip()
    head = re.split(r"\s+[|–—-]\s+", title)[0] if title else ""
    title = head if len(head.split()) >= 2 else title  # "Page | Site name" -> "Page"
    h1 = next((p[2:] for p in out if p.startswith("# ")), "")
    return title or h1, "\n\n".join(out)
