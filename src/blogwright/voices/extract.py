"""Read a user's posts (Markdown, HTML, plain text) into prose paragraphs.

Kept: paragraphs, list items, headings (counted, not used as prose). Dropped: front matter, code
blocks, tables, HTML tags, scripts, navigation and other page furniture, shortcodes, URLs.
Binary files are skipped with a note; so are text files that are clearly not posts (code, data).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import BadInput

POST_SUFFIXES = {".md", ".markdown", ".mdx", ".mkd", ".txt", ".text", ".html", ".htm", ".xhtml", ".rst", ""}
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".svg", ".pdf", ".zip", ".gz", ".tgz",
                   ".bz2", ".xz", ".7z", ".docx", ".doc", ".odt", ".epub", ".mp3", ".mp4", ".mov", ".wav",
                   ".woff", ".woff2", ".ttf", ".otf", ".exe", ".so", ".dll", ".bin", ".db", ".sqlite",
                   ".pyc", ".gguf", ".npy", ".pkl"}
SKIP_DIRS = {"node_modules", "__pycache__", "_site", "public", "themes", "vendor", "venv"}

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
TABLE = re.compile(r"^\s*\|.*\|\s*$|^\s*:?-{3,}:?\s*\|")
_INLINE = [
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I), " "),
    (re.compile(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}", re.S), " "),          # Hugo / Jekyll shortcodes
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "),                          # images
    (re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)"), r"\1"),        # links -> text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),                      # reference links
    (re.compile(r"\[\^[^\]]+\]"), ""),                                   # footnote refs
    (re.compile(r"<(?:https?|mailto):[^>\s]+>|\b(?:https?://|www\.)[^\s)>\]]+"), " "),
    (re.compile(r"</?[a-zA-Z][^<>]*>"), " "),                            # inline HTML tags
    (re.compile(r"(`+)(.+?)\1"), r"\2"),                                 # code spans -> their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),               # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),   # italic
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
]


@dataclass
class Para:
    kind: str  # para | list | heading | quote
    text: str


@dataclass
class Document:
    source: str
    paragraphs: list[Para] = field(default_factory=list)
    partial: bool = False  # a fragment (edited passages from feedback), not a whole post

    @property
    def words(self) -> int:
        from .text import tokens

        return sum(len(tokens(p.text)) for p in self.paragraphs if p.kind in ("para", "list"))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        return cls(source=data["source"], partial=data.get("partial", False),
                   paragraphs=[Para(**p) for p in data["paragraphs"]])


def inline(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip()


def strip_front_matter(text: str) -> str:
    m = re.match(r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\.\.\.|\+\+\+)[ \t]*(?:\n|\Z)", text, re.S)
    return text[m.end():] if m else text


def _unwrapped(lines: list[str]) -> bool:
    """One paragraph per line (no blank lines between): long lines that end sentences."""
    ends = sum(1 for ln in lines if re.search(r"[.!?:\"')]\s*$", ln))
    return len(lines) > 1 and ends >= 0.6 * len(lines) and sum(map(len, lines)) / len(lines) > 60


def _block(lines: list[str], out: list[Para]) -> None:
    """One blank-line-separated block of Markdown (no fences) into paragraphs."""
    text_lines: list[str] = []
    kind = "para"

    def flush() -> None:
        nonlocal text_lines, kind
        if text_lines:
            parts = text_lines if kind == "para" and _unwrapped(text_lines) else [" ".join(text_lines)]
            out.extend(Para(kind, t) for t in (inline(p) for p in parts) if t)
        text_lines, kind = [], "para"

    for line in lines:
        if TABLE.match(line) or RULE.match(line) and not text_lines:
            flush()
            continue
        if m := ATX.match(line):
            flush()
            if t := inline(m.group(2)):
                out.append(Para("heading", t))
        elif SETEXT.match(line) and text_lines and kind == "para":
            out.append(Para("heading", inline(" ".join(text_lines))))
            text_lines = []
        elif LIST_ITEM.match(line):
            flush()
            kind, text_lines = "list", [LIST_ITEM.sub("", line, count=1)]
        elif line.lstrip().startswith(">"):
            if kind != "quote":
                flush()
            kind = "quote"
            text_lines.append(re.sub(r"^\s*(?:>\s?)+", "", line))
        else:
            text_lines.append(line.strip())
    flush()


def parse_markdown(text: str) -> list[Para]:
    """Markdown or plain text (with or without front matter) into paragraphs, code dropped."""
    text = strip_front_matter(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    text = re.sub(r"<!--.*?-->|<(script|style|pre)\b.*?</\1\s*>|\{%-?\s*highlight\b.*?endhighlight\s*-?%\}"
                  r"|\{\{<\s*highlight\b.*?/highlight\s*>\}\}", "\n", text, flags=re.S | re.I)
    out: list[Para] = []
    block: list[str] = []
    fence = ""
    code = False  # inside an indented code block (skipped until the next blank line)
    for line in text.split("\n"):
        if fence:
            fence = "" if line.strip().startswith(fence) else fence
            continue
        if m := FENCE.match(line):
            _block(block, out)
            block, fence = [], m.group(1)[0] * 3
        elif not line.strip():
            _block(block, out)
            block, code = [], False
        elif code or (not block and re.match(r"^(?: {4}|\t)", line) and not LIST_ITEM.match(line)):
            code = True
        else:
            block.append(line)
    _block(block, out)
    return out


def parse_html(text: str) -> list[Para]:
    """Visible prose of an HTML page (no code blocks or tables): only <article>/<main> when the page
    has one. Blocks come from the sources reader's parser (`grounding.htmltext.html_blocks`)."""
    from ..grounding.htmltext import SKIP_TAGS, html_blocks

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
        data = path.read_bytes()
    except OSError as exc:
        return None, f"skipped {source}: cannot read it ({exc.strerror or exc})"
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
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).parts
        if any(part.startswith(".") or part in SKIP_DIRS for part in rel[:-1]) or rel[-1].startswith("."):
            continue
        if p.is_file():
            out.append(p)
    return out


def read_corpus(paths: list[str | Path]) -> tuple[list[Document], list[str]]:
    """Documents from files and folders (folders recursively, sorted), plus notes on what was skipped."""
    docs: list[Document] = []
    notes: list[str] = []
    seen: set[str] = set()
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
