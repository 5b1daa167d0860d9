"""Fixtures for the grounding tests: the fixture files, a tiny PDF writer, one shared embedder."""

from __future__ import annotations

import textwrap
import zlib
from pathlib import Path

import numpy as np
import pytest
import yaml

DATA = Path(__file__).parent / "data"


def make_pdf(paragraphs: list[str], title: str = "") -> bytes:
    """A minimal valid PDF (Helvetica text, one or more pages, 40 lines a page)."""
    lines: list[str] = []
    for para in paragraphs:
        lines += textwrap.wrap(para, 85, break_on_hyphens=False) or [""]
        lines.append("")
    pages = [lines[i:i + 40] for i in range(0, max(len(lines), 1), 40)] or [[]]
    objs: list[bytes] = []  # object n is objs[n - 1]
    n_pages = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for page in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
        for line in page:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content_n = len(objs) + 2
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Resources << /Font << /F1 3 0 R >> >> "
                    f"/Contents {content_n} 0 R >>".encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = None
    if title:
        objs.append(f"<< /Title ({title}) >>".encode("latin-1"))
        info = len(objs)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    trailer = f"<< /Size {len(objs) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.fixture
def pdf_writer():
    return make_pdf


@pytest.fixture(scope="session")
def fixture_files(tmp_path_factory) -> dict[str, Path]:
    """The notes, the Markdown and HTML sources, and the CDN text written as a PDF."""
    cdn = (DATA / "cdn.txt").read_text(encoding="utf-8").split("\n\n")
    pdf = tmp_path_factory.mktemp("pdf") / "cdn-caching.pdf"
    pdf.write_bytes(make_pdf(cdn[1:], title=cdn[0].strip()))
    return {"notes": DATA / "notes.md", "md": DATA / "cache-control.md", "html": DATA / "validation.html",
            "pdf": pdf}


@pytest.fixture(scope="session")
def loaded(fixture_files):
    from blogwright.grounding import load_sources

    return load_sources([str(fixture_files[k]) for k in ("md", "html", "pdf")])


@pytest.fixture(scope="session")
def notes(fixture_files) -> list[str]:
    from blogwright.grounding import load_notes

    return load_notes(fixture_files["notes"]).notes


@pytest.fixture(scope="session")
def index(loaded, embedder, tmp_path_factory):
    from blogwright.grounding import PassageIndex

    return PassageIndex.build(loaded.sources, embedder=embedder, cache_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def checked(post_fixture, notes, index):
    """(sections, {sentence: expected label}, verdicts) for the fixture post."""
    from blogwright.grounding import check_claims, extract_claims

    sections, labels, claims = [], {}, []
    for sec in post_fixture["sections"]:
        text = " ".join(s for _, s in sec["sentences"])
        sections.append((sec["heading"], text))
        labels |= {s: lab for lab, s in sec["sentences"]}
        claims += extract_claims(text, sec["heading"])
    return sections, labels, check_claims(claims, notes, index, known=[post_fixture["topic"]])


@pytest.fixture(scope="session")
def post_fixture() -> dict:
    return yaml.safe_load((DATA / "posts.yaml").read_text(encoding="utf-8"))


class CountingEmbedder:
    """A fast stand-in embedder (hashed bags of words, L2-normalised) that counts calls and texts."""

    name = "hashed-words-test"

    def __init__(self):
        self.calls = 0
        self.texts = 0

    def __call__(self, texts):
        self.calls += 1
        self.texts += len(texts)
        vecs = np.zeros((len(texts), 256), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                vecs[i, zlib.crc32(word.encode()) % 256] += 1
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)


@pytest.fixture
def counting_embedder():
    return CountingEmbedder()


@pytest.fixture(scope="session")
def embedder():
    """One cached MiniLM embedder for the whole session (the model loads once, ~10 s)."""
    from blogwright.grounding.embed import default_embedder

    return default_embedder()
