"""Loading sources: Markdown, HTML, PDF, URLs, and every kind of bad input as a problem line."""

from __future__ import annotations

import http.server
import io
import socket
import threading
import time

import pytest
from pypdf import PdfReader, PdfWriter

from blogwright.grounding import load_notes, load_sources, parse_notes
from blogwright.grounding.sources import _pdf_page
from blogwright.text.html import extract_main_text


def test_fixture_sources_load_with_titles_and_kinds(loaded):
    assert loaded.problems == []
    kinds = [(s.id, s.kind) for s in loaded.sources]
    assert kinds == [("s1", "markdown"), ("s2", "html"), ("s3", "pdf")]
    md, page, pdf = loaded.sources
    assert md.title == "A Practical Guide to Cache-Control"
    assert page.title == "Conditional Requests and Validation"  # " | Web Caching Notes" dropped
    assert pdf.title == "CDN caching and stale content"
    assert "max-age=3600" in md.text and "`" not in md.text and "](" not in md.text
    assert "# Freshness with max-age" in md.text
    assert "stale-while-revalidate=300" in pdf.text and "User-Agent" in pdf.text


def test_html_main_text_drops_navigation_scripts_and_footers(loaded):
    text = loaded.sources[1].text
    assert "If-None-Match" in text and "304 Not Modified" in text
    for junk in ("Pricing", "cookies", "Popular posts", "Share on", "Copyright", "analytics", "font-family"):
        assert junk not in text, junk


def test_html_without_article_keeps_paragraphs_not_link_lists():
    page = ("<html><body><div><a href=/>Home</a> <a href=/x>Blog</a></div>"
            "<p>Compost needs air, water and a mix of green and brown material to break down well.</p>"
            "<ul><li><a href=/1>One link</a></li></ul><p>Turn it every two weeks.</p></body></html>")
    title, text = extract_main_text(page)
    assert title == ""
    assert text.split("\n\n") == ["Compost needs air, water and a mix of green and brown material to break down well.",
                                  "Turn it every two weeks."]


def test_pdf_lines_are_joined_and_hyphenation_undone_only_for_real_words():
    assert _pdf_page("we are compo-\nsting with max-\nage here\nand there") == \
        "we are composting with max-age here and there"


def test_bad_inputs_are_problem_lines_and_the_rest_still_loads(tmp_path, fixture_files, pdf_writer):
    empty = tmp_path / "empty.md"
    empty.write_text("")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n -- \n")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    png = tmp_path / "photo.md"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("this is not a pdf at all")
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<<>>\n%%EOF")
    no_text = tmp_path / "scan.pdf"
    no_text.write_bytes(pdf_writer([]))
    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_writer(["A secret note about caching rules."]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(locked, "wb") as fh:
        writer.write(fh)
    items = [str(tmp_path / "missing.md"), str(empty), str(blank), str(junk), str(png), str(fake_pdf),
             str(broken_pdf), str(no_text), str(locked), str(tmp_path), str(fixture_files["md"]),
             str(fixture_files["md"])]
    result = load_sources(items)
    assert [s.location for s in result.sources] == [str(fixture_files["md"])]
    problems = "\n".join(result.problems)
    assert len(result.problems) == len(items) - 1
    assert "missing.md: no such file" in problems
    assert "empty.md: the file is empty" in problems
    assert "blank.txt: no text found" in problems
    assert "junk.txt: binary data" in problems
    assert "photo.md: looks like a PNG image" in problems
    assert "fake.pdf: not a PDF" in problems
    assert "broken.pdf: unreadable PDF" in problems
    assert "scan.pdf: the PDF has no text layer" in problems
    assert "locked.pdf: the PDF is encrypted" in problems
    assert f"{tmp_path}: not a file" in problems
    assert "same text as" in problems


def test_a_200_mb_source_is_refused_by_size_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(200_000_000)  # sparse: no disk used
    read = []
    monkeypatch.setattr(type(big), "read_bytes", lambda self: read.append(self) or b"")
    t0 = time.perf_counter()
    result = load_sources([str(big)])
    assert time.perf_counter() - t0 < 1 and read == []
    assert result.sources == []
    assert result.problems == [f"{big}: 200.0 MB is over the 2.0 MB limit for a source; skipped "
                               "(split it, or BLOGWRIGHT_MAX_SOURCE_BYTES=... or `blogwright --limit source=...` raises it)"]


def test_notes_parsing_and_empty_notes(tmp_path, fixture_files):
    assert parse_notes("- one fact\n\n* two facts\n3. three facts\n  \n•  four\n") == \
        ["one fact", "two facts", "three facts", "four"]
    assert len(load_notes(fixture_files["notes"]).notes) == 10
    empty = tmp_path / "notes.txt"
    empty.write_text("\n - \n\n")
    assert load_notes(empty).problems == [f"{empty}: the notes file has no notes in it (one fact per line)"]
    assert load_notes(tmp_path / "nope.txt").problems == [f"{tmp_path / 'nope.txt'}: no such notes file"]


# --- URLs, against servers on 127.0.0.1 only ---------------------------------------------------

PAGE = (b"<html><head><title>Served Page</title></head><body><nav><a href=/>Home</a></nav><article>"
        b"<p>The Age header tells how many seconds a response has spent in shared caches.</p>"
        b"<p>A CDN is a shared cache close to the users of a site.</p></article></body></html>")


class Handler(http.server.BaseHTTPRequestHandler):
    pdf = b""

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(1.5)
        try:
            if self.path == "/missing":
                self.send_error(404)
                return
            body, ctype = {"/doc.pdf": (self.pdf, "application/pdf")}.get(self.path, (PAGE, "text/html"))
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(999_999_999 if self.path == "/big" else len(body)))
            self.end_headers()
            if self.path != "/big":
                self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout test)


@pytest.fixture
def server(pdf_writer, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_ALLOW_PRIVATE_URLS", "1")  # the server is on 127.0.0.1 (refused by default)
    Handler.pdf = pdf_writer(["Stale-if-error lets a cache use a stale response when the origin fails."])
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_url_sources_fetch_html_and_pdf(server):
    result = load_sources([f"{server}/page.html", f"{server}/doc.pdf"], timeout=5)
    assert result.problems == []
    page, pdf = result.sources
    assert (page.kind, page.title, page.location) == ("html", "Served Page", f"{server}/page.html")
    assert "Age header" in page.text and "Home" not in page.text
    assert pdf.kind == "pdf" and "Stale-if-error" in pdf.text


def test_unreachable_slow_missing_and_huge_urls_are_problems_not_exceptions(server):
    dead = f"http://127.0.0.1:{closed_port()}/x"
    t0 = time.perf_counter()
    result = load_sources([dead, f"{server}/slow", f"{server}/missing", f"{server}/big", f"{server}/ok.html"],
                          timeout=0.5)
    assert time.perf_counter() - t0 < 30  # no hang (it took over 5 s once on a busy machine); the timeout itself is the message below
    assert [s.location for s in result.sources] == [f"{server}/ok.html"]
    assert len(result.problems) == 4
    refused, slow, missing, big = result.problems
    assert refused.startswith(dead) and "cannot fetch it" in refused and "no network?" in refused
    assert slow == f"{server}/slow: no answer within 0.5 s (timed out); skipped"
    assert missing == f"{server}/missing: the server answered HTTP 404; skipped"
    assert big == f"{server}/big: 1000.0 MB is over the 2 MB limit for a source; skipped"
