"""Research: search the web for the topic and each planned section, read the best pages, keep the
passages that fit each section's point.

    found = research(topic, [(heading, point), ...], provider=get_provider("searxng:http://..."),
                     fetcher=Fetcher(cache=PageCache(store)), searches=SearchCache(store))
    found.sources     # grounding.Source per page (kind "web", location = its URL): what --source gives
    found.notes       # per section: [(sentence, n)], n the page's citation number
    found.markdown()  # the notes file `blogwright research` prints (pass it back with --notes)

Pages are read with `grounding.sources.parse_bytes` (HTML through trafilatura, PDFs through pypdf),
so a fetched page is the same `Source` a `--source URL` would have made; passages are ranked against
"heading: point" by `PassageIndex` (MiniLM + shared terms), the index the pipeline uses too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from blogwright.core.errors import BadInput, SourceProblem
from blogwright.grounding import PassageIndex, Source
from blogwright.grounding.embed import Embedder
from blogwright.grounding.evidence import on_topic, one_sentence, topic_words
from blogwright.grounding.ground import SENTENCE_WORDS
from blogwright.grounding.sources import parse_bytes
from blogwright.grounding.terms import lexical
from blogwright.research.cache import SearchCache
from blogwright.research.fetch import Fetcher
from blogwright.research.providers import SearchProvider, SearchResult
from blogwright.text.english import stands_alone

PER_QUERY = 5  # results asked of the provider per query
MAX_PAGES = 8  # pages read per research
NOTES_PER_SECTION = 4
NOTE_MIN_SCORE = 0.4  # a sentence below this is not about the section's point
MIN_WORDS = 40  # a page with less main text than this is not worth a passage
MAX_PAGE_WORDS = 3_000  # a page's first 3,000 words (its lead and first sections): embedding all of a
# 9,000-word manual page costs a minute of both cores and rarely adds a better sentence
Progress = Callable[[str], None]


@dataclass
class Findings:
    topic: str
    sections: list[tuple[str, str]]
    queries: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)  # one per page read, numbered by position (1-based)
    notes: list[list[tuple[str, int]]] = field(default_factory=list)  # per section: (sentence, source number)
    problems: list[str] = field(default_factory=list)
    offline: int = 0  # pages read from the log rather than the web

    def number(self, source_id: str) -> int:
        return next(i for i, s in enumerate(self.sources, 1) if s.id == source_id)

    def markdown(self) -> str:
        """The notes as an editable file: a section per heading, one fact per line ending in [n], and
        the pages as Markdown reference definitions (`[n]: URL "Title"`). `--notes FILE` reads it back."""
        lines = [f"# Notes found for: {self.topic}", "",
                 "<!-- One fact per line; [n] names its page (listed at the end). Edit, delete or add lines, then:"
                 f" blogwright write {_quote(self.topic)} --notes THIS-FILE -->", ""]
        used: set[int] = set()
        for (heading, point), notes in zip(self.sections, self.notes):
            if not notes:
                continue
            lines += [f"## {heading or point}", ""]
            for text, n in notes:
                lines.append(f"- {text} [{n}]")
                used.add(n)
            lines.append("")
        for n, src in enumerate(self.sources, 1):
            if n in used:
                lines.append(f'[{n}]: {src.location} "{src.title.replace(chr(34), chr(39))}"')
        return "\n".join(lines).rstrip() + "\n"

    def to_dict(self) -> dict:
        return {"topic": self.topic, "queries": self.queries, "problems": self.problems, "offline_pages": self.offline,
                "pages": [{"n": n, "url": s.location, "title": s.title, "words": len(s.text.split())}
                          for n, s in enumerate(self.sources, 1)],
                "sections": [{"heading": h, "point": p, "notes": [{"text": t, "n": n} for t, n in notes]}
                             for (h, p), notes in zip(self.sections, self.notes)]}


def _quote(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def queries_for(topic: str, sections: list[tuple[str, str]]) -> list[str]:
    """The topic, then each planned section as '<topic> <heading>' (its point when it has no heading)."""
    out = [topic]
    for heading, point in sections:
        extra = heading or point
        q = extra if lexical(topic, extra) >= 0.6 else f"{topic} {extra}"
        out.append(re.sub(r"\s+", " ", q).strip()[:200])
    return list(dict.fromkeys(out))


def _canonical(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def search_all(provider: SearchProvider, queries: list[str], searches: SearchCache | None,
               per_query: int = PER_QUERY, offline: bool = False) -> tuple[list[list[SearchResult]], list[str]]:
    """Each query's results (from the log when it was asked before); problems as lines."""
    out: list[list[SearchResult]] = []
    problems: list[str] = []
    failed = ""
    for q in queries:
        cached = searches.get(provider.name, q) if searches else None
        if cached is None and not offline and not failed:
            try:
                cached = provider.search(q, per_query)
            except SourceProblem as exc:  # the provider is down or refuses: the next query would fail too
                failed = str(exc)
                problems.append(failed)
                cached = None
            if cached is not None and searches:
                searches.put(provider.name, q, cached)
        out.append(cached or [])
    return out, problems


def ranked_urls(results: list[list[SearchResult]]) -> list[SearchResult]:
    """Results interleaved by rank across queries (every query's first, then every second...), no repeats."""
    seen: set[str] = set()
    out: list[SearchResult] = []
    for rank in range(max((len(r) for r in results), default=0)):
        for rs in results:
            if rank < len(rs) and _canonical(rs[rank].url) not in seen:
                seen.add(_canonical(rs[rank].url))
                out.append(rs[rank])
    return out


def read_pages(candidates: list[SearchResult], fetcher: Fetcher, max_pages: int = MAX_PAGES,
               progress: Progress | None = None) -> tuple[list[Source], list[str], int]:
    """Sources from the first `max_pages` candidates that can be read; (sources, problems, pages from the log)."""
    sources: list[Source] = []
    problems: list[str] = []
    digests: set[str] = set()
    offline = 0
    for result in candidates:
        if len(sources) >= max_pages:
            break
        page = fetcher.fetch(result.url)
        offline += page.cached
        if page.problem:
            problems.append(page.problem)
            continue
        kind = "pdf" if "pdf" in page.content_type else "html" if "html" in page.content_type else "text"
        try:
            body = without_term_lists(page.body) if kind == "html" else page.body
            title, _, text = parse_bytes(body, result.url, kind, result.title or result.url)
        except SourceProblem as exc:
            problems.append(str(exc))
            continue
        if len(text.split()) < MIN_WORDS:
            problems.append(f"{result.url}: too little text on the page; skipped")
            continue
        src = Source(id=f"w{len(sources) + 1}", title=(title or result.title or result.url).strip(),
                     location=result.url, kind="web", text=_head(prose(text.strip()), MAX_PAGE_WORDS))
        if src.digest in digests:
            continue
        digests.add(src.digest)
        sources.append(src)
        if progress:
            progress(f"read {result.url} ({len(text.split()):,} words)")
    return sources, problems, offline


def _is_term(dt) -> bool:
    """A definition-list term that names an option, a command, a setting or a value (`--index`,
    `pop [--index]`, `branch.autoSetupRebase`, `remote`) rather than a prose heading ("Pulling into a
    dirty tree"): two words or fewer, code, or characters of code."""
    text = " ".join(dt.text_content().split())
    return len(text.split()) <= 2 or bool(dt.xpath(".//code|.//tt|.//kbd")) or text.startswith("-") \
        or bool(re.search(r"[\[\]<>{}=_/.|`$]", text))


def without_term_lists(html: bytes) -> bytes:
    """The page without its tables and the items of its definition lists whose term names an option,
    command, setting or value (`_is_term`): a sentence there means something only beside its term,
    which text extraction loses. "When remote, rebase is set to true for tracked branches" is the value
    `remote` of `branch.autoSetupRebase` in git's manual; "You need to resolve the conflicts by hand"
    is what `git stash pop` asks, not `git stash`. Items under a prose term (an example's title) stay.
    A page that cannot be parsed is returned as it is."""
    import lxml.html  # lazy: 7 MiB that a write without research never needs (issue 28)
    from lxml.etree import ParserError

    try:
        doc = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return html
    for table in doc.xpath("//table"):
        table.drop_tree()
    for dt in doc.xpath("//dt"):
        if dt.getparent() is None or not _is_term(dt):
            continue
        dd = dt.getnext()
        while dd is not None and dd.tag == "dd":
            nxt = dd.getnext()
            dd.drop_tree()
            dd = nxt
        dt.drop_tree()
    return lxml.html.tostring(doc, encoding="utf-8")


CODE_CHARS = re.compile(r"[\[\]|<>{}=_/\\`$;]")


def prose(text: str) -> str:
    """The paragraphs of a page that are prose: a command synopsis, an option list or code (more than
    one character in twelve from [ ] | < > { } = _ / \\ ` $ ;) is left out, as are one-word lines. A
    small model given "git stash push [-p|--patch] [-S|--staged]" as a fact garbles it."""
    keep = []
    for para in text.split("\n\n"):
        body = para[2:] if para.startswith("# ") else para
        if para.startswith("# ") or (len(body.split()) >= 4 and len(CODE_CHARS.findall(body)) * 12 <= len(body)):
            keep.append(para)
    return "\n\n".join(keep)


def _head(text: str, words: int) -> str:
    """The paragraphs of `text` that fit in `words` words (at least the first)."""
    out: list[str] = []
    n = 0
    for para in text.split("\n\n"):
        n += len(para.split())
        if out and n > words:
            break
        out.append(para)
    return "\n\n".join(out)


def section_notes(index: PassageIndex, sections: list[tuple[str, str]], per_section: int = NOTES_PER_SECTION,
                  min_score: float = NOTE_MIN_SCORE, topic: str = "") -> list[list[tuple[str, str]]]:
    """Per section, the best source sentences for 'heading: point': (sentence, source id); no sentence
    twice, none longer than a small model can use, none that starts mid-thought, none off the `topic`
    (`grounding.evidence.on_topic`: it must name one of the topic's own words)."""
    wanted = topic_words(topic, index.texts()) if topic else set()
    used: set[str] = set()
    out: list[list[tuple[str, str]]] = []
    for heading, point in sections:
        picked: list[tuple[str, str]] = []
        query = f"{heading}: {point}" if heading else point
        for sentence, passage, _score in index.evidence_sentences(query, max_words=400, k=6, min_score=min_score):
            if len(picked) >= per_section:
                break
            words = len(sentence.split())
            if sentence in used or words < 6 or words > SENTENCE_WORDS or sentence.endswith("...") \
                    or not re.match(r"[A-Z0-9\"'(`]", sentence) or not one_sentence(sentence) or not stands_alone(sentence) \
                    or not on_topic(sentence, wanted, index.sources[passage.source_id].title):
                continue
            used.add(sentence)
            picked.append((sentence, passage.source_id))
        out.append(picked)
    return out


def research(topic: str, sections: list[tuple[str, str]], *, provider: SearchProvider, fetcher: Fetcher,
             searches: SearchCache | None = None, embedder: Embedder | None = None, per_query: int = PER_QUERY,
             max_pages: int = MAX_PAGES, progress: Progress | None = None) -> Findings:
    """Search, read, rank: see the module doc. Problems are collected, never raised, unless nothing
    at all could be found (BadInput)."""
    sections = sections or [("", topic)]
    found = Findings(topic=topic, sections=sections, queries=queries_for(topic, sections))
    results, found.problems = search_all(provider, found.queries, searches, per_query, offline=fetcher.offline)
    candidates = ranked_urls(results)
    if progress:
        progress(f"{len(found.queries)} searches, {len(candidates)} pages found")
    found.sources, problems, found.offline = read_pages(candidates, fetcher, max_pages, progress)
    found.problems += problems
    if not found.sources:
        more = f" (and {len(found.problems) - 2} more)" if len(found.problems) > 2 else ""
        why = "; ".join(found.problems[:2]) + more if found.problems else (
            "the searches found no pages: try a broader topic or another --search provider")
        raise BadInput(f"research found nothing to read for {topic!r}: {why}")
    index = PassageIndex.build(found.sources, embedder=embedder)
    found.notes = [[(s, found.number(sid)) for s, sid in picked] for picked in section_notes(index, sections, topic=topic)]
    return found
