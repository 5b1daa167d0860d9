"""Read a user's posts (Markdown, HTML, plain text) into prose paragraphs.

Kept: paragraphs, list items, headings (counted, not used as prose). Dropped: front matter, code
blocks, tables, HTML tags, scripts, navigation and other page furniture, shortcodes, URLs.
Binary files are skipped with a note; so are text files that are clearly not posts (code, data).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from blogwright.core.errors import BadInput
from blogwright.core.io import read_bytes
from blogwright.core.limits import how_to_raise, human_size, limit
from blogwright.text.document import Para, prose_paragraphs
from blogwright.text.frontmatter import strip_metadata_header
from blogwright.text.html import SKIP_TAGS, html_blocks
from blogwright.text.markdown import plain_text
from blogwright.voices.stylometry import tokens

POST_SUFFIXES = {".md", ".markdown", ".mdx", ".mkd", ".txt", ".text", ".html", ".htm", ".xhtml", ".rst", ""}
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".svg", ".pdf", ".zip", ".gz", ".tgz",
                   ".bz2", ".xz", ".7z", ".docx", ".doc", ".odt", ".epub", ".mp3", ".mp4", ".mov", ".wav",
                   ".woff", ".woff2", ".ttf", ".otf", ".exe", ".so", ".dll", ".bin", ".db", ".sqlite",
                   ".pyc", ".gguf", ".npy", ".pkl"}
SKIP_DIRS = {"node_modules", "__pycache__", "_site", "public", "themes", "vendor", "venv"}


@dataclass
class Document:
    source: str
    paragraphs: list[Para] = field(default_factory=list)
    partial: bool = False  # a fragment (edited passages from feedback), not a whole post

    @property
    def words(self) -> int:

        return sum(len(tokens(p.text)) for p in self.paragraphs if p.kind in ("para", "list"))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        return cls(source=data["source"], partial=data.get("partial", False),
                   paragraphs=[Para(**p) for p in data["paragraphs"]])


def inline(text: str) -> str:
    """Inline Markdown or text read from HTML as plain words (`text.markdown.plain_text`, code kept)."""
    return re.sub(r"\s+", " ", plain_text(text, code=True, blocks=False)).strip()


def parse_markdown(text: str) -> list[Para]:
    """Markdown or plain text (with or without front matter) into paragraphs, code dropped
    (`blogwright.text.document.prose_paragraphs`); a Pelican / MultiMarkdown metadata header
    ("Title: ...", "Date: ...") is not prose either."""
    return prose_paragraphs(strip_metadata_header(text))


def parse_html(text: str) -> list[Para]:
    """Visible prose of an HTML page (no code blocks or tables): only <article>/<main> when the page
    has one. Blocks come from the sources reader's parser (`grounding.htmltext.html_blocks`)."""

    _, blocks = html_blocks(text, SKIP_TAGS | {"pre", "table"})
    if any(b["main"] for b in blocks):
        blocks = [b for b in blocks if b["main"]]
    return [Para(b["kind"], inline(b["text"])) for b in blocks if inline(b["text"])]


def _decode(data: bytes) -> str | None:
    """Text of a file, or None when it is binary."""
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f")
        return None if "\ufffd" in text or controls > 0.01 * min(len(text), 8192) else text


def read_document(path: Path, source: str) -> tuple[Document | None, str]:
    """(document, '') or (None, why it was skipped)."""
    if path.suffix.lower() in BINARY_SUFFIXES:
        return None, f"skipped {source}: binary file (convert it to Markdown or text first)"
    try:
        data = read_bytes(path, "file")  # bounded: /dev/zero or a huge file is skipped, not read
    except BadInput as exc:
        return None, f"skipped {source}: {exc}"
    text = _decode(data)
    if text is None:
        return None, f"skipped {source}: binary file (convert it to Markdown or text first)"
    is_html = path.suffix.lower() in (".html", ".htm", ".xhtml") or re.match(r"\s*<(!doctype html|html)", text, re.I)
    paras = parse_html(text) if is_html else parse_markdown(text)
    doc = Document(source=source, paragraphs=paras)
    if not doc.words:
        return None, f"skipped {source}: no prose in it"
    return doc, ""


def _files(root: Path) -> list[Path]:
    out = []
    cap = limit("corpus_files")
    for p in root.rglob("*"):
        rel = p.relative_to(root).parts
        if any(part.startswith(".") or part in SKIP_DIRS for part in rel[:-1]) or rel[-1].startswith("."):
            continue
        if p.is_file():
            out.append(p)
            if len(out) > cap:
                raise BadInput(f"{root} holds more than {cap:,} files: point at the folder of your posts "
                               f"({how_to_raise('corpus_files')})")
    return sorted(out)


def read_corpus(paths: list[str | Path]) -> tuple[list[Document], list[str]]:
    """Documents from files and folders (folders recursively, sorted), plus notes on what was skipped."""
    docs: list[Document] = []
    notes: list[str] = []
    seen: set[str] = set()
    total, cap = 0, limit("corpus")
    for raw in paths:
        root = Path(raw).expanduser()
        if not root.exists():
            raise BadInput(f"no such file or folder: {root}")
        if root.is_dir():
            files = _files(root)
            if not files:
                raise BadInput(f"{root} is empty: put your posts (Markdown, HTML or text files) in it")
            pairs = [(f, f"{root.name}/{f.relative_to(root).as_posix()}") for f in files]
        else:
            pairs = [(root, root.name)]
        for path, source in pairs:
            if root.is_dir() and path.suffix.lower() not in POST_SUFFIXES | BINARY_SUFFIXES:
                notes.append(f"skipped {source}: not a post ({path.suffix} file)")
                continue
            try:
                total += path.stat().st_size if path.is_file() else 0
            except OSError:
                pass
            if total > cap:
                raise BadInput(f"the posts to learn from are over {human_size(cap)} together: learn from fewer "
                               f"({how_to_raise('corpus')})")
            doc, why = read_document(path, source)
            if doc is None:
                notes.append(why)
                continue
            fingerprint = "\n".join(p.text for p in doc.paragraphs if p.kind in ("para", "list"))
            if fingerprint in seen:
                notes.append(f"skipped {source}: same text as another file")
                continue
            seen.add(fingerprint)
            docs.append(doc)
    return docs, notes
