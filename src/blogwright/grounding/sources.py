"""Load the user's sources (Markdown, text, HTML, PDF files and URLs) as plain text documents.

Every problem (missing file, too big, binary, encrypted or empty PDF, unreachable URL) becomes one
readable line in `LoadResult.problems`; the other sources still load. Documents keep their
headings as '# ...' lines and paragraphs separated by blank lines, which `passages` relies on.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from blogwright.core.errors import BadInput, BlogwrightError, SourceProblem
from blogwright.core.io import decode_text as io_text
from blogwright.core.io import read_bytes
from blogwright.core.limits import how_to_raise, limit
from blogwright.grounding.terms import is_common
from blogwright.text import frontmatter
from blogwright.text.document import prose_paragraphs
from blogwright.text.html import extract_main_text

MAX_BYTES = 2_000_000  # the default of `core.limits.limit("source")`, which is what is used
URL = re.compile(r"^https?://", re.I)
KINDS = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".txt": "text",
         ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf"}
NOTES_ID = "notes"


@dataclass
class Source:
    """One loaded document. `location` is the path or URL it came from."""

    id: str
    title: str
    location: str
    kind: str  # markdown | text | html | pdf | notes
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class LoadResult:
    sources: list[Source] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def human_size(n: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def load_sources(paths_or_urls: list[str], max_bytes: int | None = None, timeout: float = 10.0) -> LoadResult:
    """Load each path or URL; problems are collected, never raised. At most `limit("sources")`
    sources, each at most `max_bytes` (default `limit("source")`), together at most
    `limit("sources_total")` characters of text: what is past a limit is skipped with a problem."""
    result = LoadResult()
    seen: dict[str, str] = {}
    max_bytes = max_bytes or limit("source")
    total, max_total, max_count = 0, limit("sources_total"), limit("sources")
    for n, item in enumerate(paths_or_urls):
        item = str(item).strip()
        if not item:
            continue
        if n >= max_count:
            result.problems.append(f"{item}: more than {max_count} sources; skipped ({how_to_raise('sources')})")
            continue
        if total >= max_total:
            result.problems.append(f"{item}: the sources before it already hold {human_size(total)} of text, "
                                   f"the limit for all sources together; skipped ({how_to_raise('sources_total')})")
            continue
        try:
            title, kind, text = (fetch_url(item, max_bytes, timeout) if URL.match(item)
                                 else read_file(Path(item).expanduser(), max_bytes))
        except SourceProblem as exc:
            result.problems.append(str(exc))
            continue
        text = text.strip()
        if len(re.findall(r"\w{2,}", text)) < 5:
            result.problems.append(f"{item}: no text found in it; skipped")
            continue
        src = Source(id=f"s{len(result.sources) + 1}", title=title or item, location=item, kind=kind, text=text)
        if src.digest in seen:
            result.problems.append(f"{item}: same text as {seen[src.digest]}; skipped")
            continue
        seen[src.digest] = item
        result.sources.append(src)
        total += len(text)
    return result


def read_file(path: Path, max_bytes: int | None = None) -> tuple[str, str, str]:
    """(title, kind, text) of a local file; raises SourceProblem with a readable message."""
    max_bytes = max_bytes or limit("source")
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise SourceProblem(f"{path}: not a file (a folder)")
    except FileNotFoundError:
        raise SourceProblem(f"{path}: no such file") from None
    except OSError as exc:
        raise SourceProblem(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise SourceProblem(f"{path}: {human_size(size)} is over the {human_size(max_bytes)} limit "
                            f"for a source; skipped (split it, or {how_to_raise('source')})")
    try:
        data = read_bytes(path, "source", "source", max_bytes=max_bytes)
    except BadInput as exc:
        raise SourceProblem(f"{path}: {exc}; skipped") from None
    if not data:
        raise SourceProblem(f"{path}: the file is empty")
    return parse_bytes(data, str(path), KINDS.get(path.suffix.lower(), "text"), path.stem)


def parse_bytes(data: bytes, name: str, kind: str, fallback_title: str) -> tuple[str, str, str]:
    """(title, kind, text) from raw bytes: sniffs PDFs and HTML whatever the name says."""
    if data[:5] == b"%PDF-":
        return pdf_text(data, name, fallback_title)
    if kind == "pdf":
        raise SourceProblem(f"{name}: not a PDF (no %PDF header); the file may be damaged")
    text = decode_text(data, name)
    head = text[:2000].lower()
    if kind == "html" or "<!doctype html" in head or "<html" in head:
        title, body = extract_main_text(text)
        return title or fallback_title, "html", body
    if kind == "markdown":
        return markdown_title(text) or fallback_title, "markdown", markdown_text(text)
    return fallback_title, "text", text


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (or cp1252) text; binary junk (`core.io.decode_text`'s check) raises SourceProblem."""
    try:
        return io_text(data, name, fallback="cp1252")
    except BadInput as exc:
        raise SourceProblem(f"{exc}; skipped") from None


def markdown_title(text: str) -> str:
    title = frontmatter.parse(text).data.get("title")  # YAML or TOML front matter
    if isinstance(title, (str, int, float)) and str(title).strip():
        return str(title).strip()
    m = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
    return m.group(1).strip() if m else ""


def markdown_text(text: str) -> str:
    """Markdown to plain paragraphs (`text.document.prose_paragraphs`): headings as '# ...', list
    items and table rows ("cell ; cell") on their own, inline code keeps its content."""
    return "\n\n".join(f"# {p.text}" if p.kind == "heading" else p.text
                       for p in prose_paragraphs(text, tables=True, unwrap=False))


def pdf_text(data: bytes, name: str, fallback_title: str) -> tuple[str, str, str]:
    """(title, 'pdf', text) with pypdf; encrypted, damaged and image-only PDFs raise SourceProblem."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, PdfReadError
    except ImportError:
        raise SourceProblem(f"{name}: reading PDFs needs pypdf (pip install pypdf)") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")
            except DependencyError:
                raise SourceProblem(f"{name}: the PDF is encrypted with AES; reading it needs the "
                                    "'cryptography' package (pip install cryptography)") from None
            except Exception:  # noqa: BLE001 - unsupported algorithm or damaged encryption data
                unlocked = 0
            if not unlocked:
                raise SourceProblem(f"{name}: the PDF is encrypted (password protected); skipped")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = str((reader.metadata or {}).get("/Title") or "").strip()
    except SourceProblem:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, IndexError) as exc:
        raise SourceProblem(f"{name}: unreadable PDF ({type(exc).__name__}: {exc}); skipped") from None
    text = "\n\n".join(_pdf_page(p) for p in pages if p.strip())
    if not re.search(r"\w{2,}", text):
        raise SourceProblem(f"{name}: the PDF has no text layer ({len(pages)} page(s); "
                            "a scan? run OCR on it first); skipped")
    return meta_title or fallback_title, "pdf", text


def _pdf_page(text: str) -> str:
    """Join a page's lines into paragraphs; undo end-of-line hyphenation."""
    text = re.sub(r"(\w+)-\n(\w+)", _dehyphenate, text)
    paras = re.split(r"\n\s*\n", text)
    return "\n\n".join(re.sub(r"\s*\n\s*", " ", p).strip() for p in paras if p.strip())


def _dehyphenate(m: re.Match) -> str:
    """'compo-' + 'sting' -> 'composting'; 'max-' + 'age' stays 'max-age'."""

    a, b = m.group(1), m.group(2)
    joined = a + b
    return joined if b[:1].islower() and is_common(joined) else f"{a}-{b}"


def fetch_url(url: str, max_bytes: int | None = None, timeout: float = 10.0) -> tuple[str, str, str]:
    """(title, kind, text) of a web page or document, fetched under the one HTTP policy
    (`core.http`: public addresses only, bounded, an overall deadline); failures raise SourceProblem."""
    from blogwright.core import http  # lazy: it imports httpx

    try:
        got = http.fetch(url, http.source_policy(timeout, max_bytes))
    except BlogwrightError as exc:
        raise SourceProblem(f"{exc}; skipped") from None
    if not got.data:
        raise SourceProblem(f"{http.shown(url)}: the server sent an empty answer; skipped")
    ctype = got.content_type
    kind = "pdf" if "pdf" in ctype else "html" if "html" in ctype else (
        "markdown" if "markdown" in ctype or url.lower().endswith(".md") else "text")
    name = url.rstrip("/").rsplit("/", 1)[-1] or url
    return parse_bytes(got.data, url, kind, name)


@dataclass
class NotesResult:
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_notes(text: str) -> list[str]:
    """One note per non-empty line; bullets and numbering removed."""
    lines = [re.sub(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s*", "", ln).strip() for ln in text.splitlines()]
    return [ln for ln in lines if re.search(r"\w", ln)]


def load_notes(path: str | Path) -> NotesResult:
    """Notes from a file, with a problem line when it is missing, unreadable, empty, binary or past
    a limit: the file's size (`limit("file")`, /dev/zero stops there), the number of notes
    (`limit("notes")`) and the length of one note (`limit("note_chars")`)."""
    p = Path(path).expanduser()
    if not p.exists():
        return NotesResult(problems=[f"{p}: no such notes file"])
    try:
        notes = check_notes(parse_notes(decode_text(read_bytes(p, "notes file"), str(p))), str(p))
    except BadInput as exc:  # SourceProblem too
        return NotesResult(problems=[str(exc)])
    if not notes:
        return NotesResult(problems=[f"{p}: the notes file has no notes in it (one fact per line)"])
    return NotesResult(notes=notes)


def check_notes(notes: list[str], where: str = "notes") -> list[str]:
    """`notes` when they are within the limits (how many, how long each); BadInput otherwise."""
    if len(notes) > limit("notes"):
        raise BadInput(f"{where}: {len(notes):,} notes; the limit is {limit('notes'):,} "
                       f"(keep the facts this post needs, or {how_to_raise('notes')})")
    for i, note in enumerate(notes, 1):
        if len(note) > limit("note_chars"):
            raise BadInput(f"{where}: note {i} is {len(note):,} characters; the limit is "
                           f"{limit('note_chars'):,} (one fact per line, or {how_to_raise('note_chars')})")
    return notes


def notes_source(notes: list[str]) -> Source:
    """The user's notes as a source named 'your notes' (one paragraph per note)."""
    return Source(id=NOTES_ID, title="your notes", location="", kind="notes", text="\n\n".join(notes))
