"""SEO: what a blogger checks before publishing (advisory unless `seo` is in `gates.blocking`).

Rules, each a finding when it fails:
- title: at most `seo_title_max` (60) characters, or search results cut it;
- meta description (front matter `description`): present, `seo_description_min`-`seo_description_max`
  (120-160) characters;
- main keyword (the first `--keyword`, else front matter `keyword`/`keywords`, else the first tag) in
  the title, the first paragraph and at least one `##` heading (when the post has any); no stuffing (it makes up more than
  `seo_max_keyword_density`, 3%, of the words);
- every image (Markdown, HTML and the front matter `cover`) has alt text;
- links are well formed: a target, anchor text, a host for http(s), no unsafe scheme, no Markdown
  link left unparsed (a space in the URL);
- with a site folder (`check --site DIR`, a Hugo or Jekyll site) no internal link points at a page or
  file the site does not have.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from blogwright.checks.settings import GateConfig
from blogwright.checks.types import CheckContext, Finding, GateResult
from blogwright.text.document import ParsedMarkdown
from blogwright.text.markdown import inline_text, parser, plain_text, safe_url

# bounded: none may rescan a long line from every "[" or "<a" (100 KB of "[": minutes)
_UNPARSED_LINK = re.compile(r"!?\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
_HTML_ALT = re.compile(r"\balt\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)
_HTML_A = re.compile(r"<a\b[^<>]{0,2000}?\bhref\s*=\s*(\"[^\"<>]{0,2000}\"|'[^'<>]{0,2000}'|[^\s<>]{1,2000})[^<>]{0,2000}>"
                     r"(.{0,5000}?)</a>", re.I | re.S)
_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)*")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_PAGE_EXT = (".md", ".markdown", ".html", ".htm")


def main_keyword(doc: ParsedMarkdown, ctx: CheckContext | None) -> str:
    fm = doc.front_matter or {}
    candidates: list[object] = [*(ctx.keywords if ctx else []), fm.get("keyword")]
    kws = fm.get("keywords")
    candidates += kws if isinstance(kws, list) else [kws]
    tags = fm.get("tags")
    candidates += tags[:1] if isinstance(tags, list) else [tags]
    return next((str(c).strip() for c in candidates if c and str(c).strip()), "")


def _stems(keyword: str) -> list[str]:
    """Keyword words as prefixes: 'composts' and 'composting' both match 'compost'."""
    out = []
    for w in _WORD.findall(keyword.lower()):
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out


def has_keyword(text: str, keyword: str) -> bool:
    """Every word of the keyword is in the text (as a word start, any ending)."""
    stems = _stems(keyword)
    low = text.lower()
    return bool(stems) and all(re.search(rf"\b{re.escape(s)}", low) for s in stems)


def keyword_density(text: str, keyword: str) -> tuple[int, float]:
    """(occurrences of the keyword phrase, share of the words it makes up)."""
    words = _WORD.findall(text.lower())
    stems = _stems(keyword)
    if not words or not stems:
        return 0, 0.0
    n = len(stems)
    hits = sum(1 for i in range(len(words) - n + 1)
               if all(words[i + j].startswith(stems[j]) for j in range(n)))
    return hits, hits * n / len(words)


def _attr(match: re.Match | None) -> str | None:
    return None if match is None else match.group(1).strip("\"'")


class _Scan:
    """Images and links of the body, with their line numbers."""

    def __init__(self) -> None:
        self.images: list[tuple[int, str, str]] = []  # (line, src, alt)
        self.links: list[tuple[int, str, str]] = []  # (line, href, anchor text)
        self.unparsed: list[tuple[int, str]] = []
        self.unsafe: list[tuple[int, str]] = []  # link targets the renderer drops (javascript: ...)

    def html(self, line: int, text: str) -> None:
        for tag in _HTML_IMG.findall(text):
            src = re.search(r"\bsrc\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", tag, re.I)
            self.images.append((line, _attr(src) or "", _attr(_HTML_ALT.search(tag)) or ""))
        for href, inner in _HTML_A.findall(text):
            self.links.append((line, href.strip("\"'"), re.sub(r"<[^>]+>", " ", inner).strip() or
                               ("image" if "<img" in inner.lower() else "")))

    def inline(self, line: int, children: list[Token]) -> None:
        stack: list[tuple[str, list[Token], bool]] = []  # (href, tokens inside, autolink)
        for tok in children:
            if tok.type == "link_open":
                stack.append((str(tok.attrGet("href") or ""), [], tok.markup == "autolink"))
                continue
            if tok.type == "link_close" and stack:
                href, inner, autolink = stack.pop()
                if not autolink:
                    text = inline_text(inner, code=True).strip()
                    self.links.append((line, href, text or ("image" if any(t.type == "image" for t in inner) else "")))
                continue
            if stack:
                stack[-1][1].append(tok)
            if tok.type == "image":
                self.images.append((line, str(tok.attrGet("src") or ""), inline_text(tok.children or [], code=True).strip()))
            elif tok.type == "text":
                self.unparsed += [(line, m) for m in _UNPARSED_LINK.findall(tok.content)]
            elif tok.type == "html_inline":
                self.html(line, tok.content)


def scan_body(doc: ParsedMarkdown) -> tuple[_Scan, str]:
    """(images and links, the body's plain text) of a parsed post's prose (code blocks left out)."""
    scan = _Scan()
    texts = []
    for block in doc.blocks:
        for para in block.paragraphs:
            texts.append(para.text)
            for m in _TARGET.finditer(para.text):
                if not safe_url(m.group(1)):
                    scan.unsafe.append((para.line + para.text.count("\n", 0, m.start()), m.group(1)))
            for tok in parser().parse(para.text):
                line = para.line + (tok.map[0] if tok.map else 0)
                if tok.type == "inline":
                    scan.inline(line, tok.children or [])
                elif tok.type == "html_block":
                    scan.html(line, tok.content)
    return scan, plain_text("\n\n".join(texts))


def _link_problem(href: str, anchor: str) -> str | None:
    if not href.strip():
        return "a link with no target"
    if not anchor:
        return f"a link with no anchor text ({href})"
    if not safe_url(href):
        return f"a link with an unsafe scheme ({href[:40]})"
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and not (parts.hostname and ("." in parts.hostname or parts.hostname == "localhost")):
        return f"a malformed URL ({href[:60]})"
    return None


def site_targets(site: Path) -> set[str]:
    """Slugs and file names a Hugo or Jekyll site serves, lower-case: pages by file name, folder,
    front matter `slug`, and every other file (images, PDFs) by name."""
    names: set[str] = set()
    skip = {"node_modules", ".git", "public", "_site", "resources", ".jekyll-cache"}
    for path in site.rglob("*"):
        if any(part in skip for part in path.relative_to(site).parts):
            continue
        if path.is_dir():
            names.add(path.name.lower())
            continue
        names.add(path.name.lower())
        if path.suffix.lower() in _PAGE_EXT:
            stem = _DATE_PREFIX.sub("", path.stem.lower())
            names.add(stem if stem not in ("index", "_index") else path.parent.name.lower())
            try:
                head = path.read_text(encoding="utf-8", errors="replace")[:2000]
            except OSError:
                continue
            for key in ("slug", "permalink", "url"):
                m = re.search(rf"^{key}\s*[:=]\s*[\"']?([^\"'\n]+)", head, re.M)
                if m:
                    names.add(m.group(1).strip().strip("/").rsplit("/", 1)[-1].lower())
    return names


def broken_internal(href: str, targets: set[str]) -> bool:
    """An internal link (a path, no host) whose last segment the site has no page or file for."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or href.startswith("#"):
        return False
    segs = [s for s in unquote(parts.path).split("/") if s and s not in (".", "..")]
    if not segs:
        return False
    last = segs[-1].lower()
    stem = last.rsplit(".", 1)[0] if last.endswith(_PAGE_EXT) else last
    return last not in targets and _DATE_PREFIX.sub("", stem) not in targets


def gate_seo(doc: ParsedMarkdown, ctx: CheckContext | None, config: GateConfig) -> GateResult:
    findings: list[Finding] = []

    def add(message: str, location: str, suggestion: str, rule: str) -> None:
        findings.append(Finding("seo", "warning", message, location, suggestion))
        failed.append(rule)

    failed: list[str] = []
    fm = doc.front_matter or {}
    title = str(fm.get("title") or doc.title or "").strip()
    if not title:
        add("no title", "line 1", "add a title", "title")
    elif len(title) > config.seo_title_max:
        add(f"title is {len(title)} characters (> {config.seo_title_max}): search results cut it",
            "title", "shorten the title", "title")
    desc = " ".join(str(fm.get("description") or "").split())
    lo, hi = config.seo_description_min, config.seo_description_max
    if not desc:
        add("no meta description", "front matter", f"add `description:` of {lo}-{hi} characters", "description")
    elif not lo <= len(desc) <= hi:
        add(f"meta description is {len(desc)} characters ({lo}-{hi} is best)", "front matter",
            "lengthen it: say what the reader gets" if len(desc) < lo else "shorten it", "description")

    scan, body_text = scan_body(doc)
    keyword = main_keyword(doc, ctx)
    density = 0.0
    if keyword:
        first_para = doc.intro.split("\n\n")[0] if doc.intro.strip() else ""
        if not has_keyword(title, keyword):
            add(f"the keyword {keyword!r} is not in the title", "title", "put it in the title, near the start", "keyword_title")
        if not has_keyword(plain_text(first_para), keyword):
            add(f"the keyword {keyword!r} is not in the first paragraph", "intro", "mention it in the first paragraph",
                "keyword_intro")
        subheads = [h for h in doc.headings if h.level > 1]  # a short post without headings has none to hold it
        if subheads and not any(has_keyword(h.text, keyword) for h in subheads):
            add(f"the keyword {keyword!r} is in no heading", "headings", "use it in at least one `##` heading",
                "keyword_heading")
        hits, density = keyword_density(body_text, keyword)
        if len(_WORD.findall(body_text.lower())) >= 100 and density > config.seo_max_keyword_density:
            add(f"keyword stuffing: {keyword!r} is {density:.1%} of the words ({hits} times; "
                f"> {config.seo_max_keyword_density:.0%})", "body", "use synonyms; say it less often", "keyword_density")

    cover = fm.get("cover") if isinstance(fm.get("cover"), dict) else None
    image = fm.get("image") if isinstance(fm.get("image"), dict) else None
    for block in (cover, image):
        if block and (block.get("image") or block.get("path")) and not str(block.get("alt") or "").strip():
            add("the cover image has no alt text", "front matter", "add `alt:` under `cover:` (`--cover-alt`)", "image_alt")
    for line, src, alt in scan.images:
        if not alt:
            add(f"image without alt text ({src[:60] or 'no source'})", f"line {line}",
                "describe the image in the [brackets]", "image_alt")
    for line, href, anchor in scan.links:
        problem = _link_problem(href, anchor)
        if problem:
            add(problem, f"line {line}", "fix the link: [anchor text](https://host/path)", "links")
    for line, href in scan.unsafe:
        add(f"a link with an unsafe scheme ({href[:40]}): it is dropped when published", f"line {line}",
            "link to an http(s) address", "links")
    for line, raw in scan.unparsed:
        add(f"a link that is not a link: {raw[:60]} (a space in the URL?)", f"line {line}",
            "remove spaces from the URL or wrap it in <angle brackets>", "links")
    site = Path(ctx.site).expanduser() if ctx and ctx.site else None
    broken = 0
    if site is not None and site.is_dir():
        targets = site_targets(site)
        for line, href, _ in scan.links:
            if broken_internal(href, targets):
                broken += 1
                add(f"broken internal link: {href}", f"line {line}", f"no page or file in {site} matches it", "internal_links")
    rules = 9 if site is not None else 8
    value = {"title_chars": len(title), "description_chars": len(desc), "keyword": keyword,
             "keyword_density": round(density, 4), "images": len(scan.images), "links": len(scan.links),
             "broken_internal": broken, "failed_rules": sorted(set(failed))}
    return GateResult("seo", not findings, config.is_blocking("seo"),
                      max(0.0, 1 - len(set(failed)) / rules), value, findings)

