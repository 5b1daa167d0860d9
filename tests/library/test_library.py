"""The library: a folder of Markdown, text, HTML and PDF files, and a .zim built here with libzim's writer."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from blogwright.grounding.embed import word_overlap
from blogwright.library import Library, zim
from blogwright.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "data" / "research" / "git"
ARTICLES = {
    "A/Compost": ("Compost", "<html><head><title>Compost</title></head><body><nav><a href='/'>Main page</a></nav>"
                  "<h1>Compost</h1><p>Compost is organic matter that has been decomposed in a process called "
                  "composting. A compost heap needs air, water, green material rich in nitrogen and brown material "
                  "rich in carbon. Turning the heap every two weeks keeps it aerobic and fast.</p>"
                  "<p>Finished compost is dark, crumbly and smells of earth; gardeners dig it into beds.</p></body></html>"),
    "A/Beekeeping": ("Beekeeping", "<html><body><h1>Beekeeping</h1><p>Beekeeping is the maintenance of bee colonies, "
                     "commonly in man-made hives. A honey bee colony has one queen, thousands of workers and some "
                     "drones. Beekeepers harvest honey in late summer and leave enough for the winter.</p></body></html>"),
}


def make_zim(path: Path, fulltext: bool = True) -> Path:
    from libzim.writer import Creator, Hint, Item, StringProvider

    class Page(Item):
        def __init__(self, p, title, html):
            super().__init__()
            self.p, self.t, self.h = p, title, html

        def get_path(self):
            return self.p

        def get_title(self):
            return self.t

        def get_mimetype(self):
            return "text/html"

        def get_contentprovider(self):
            return StringProvider(self.h)

        def get_hints(self):
            return {Hint.FRONT_ARTICLE: True}

    with Creator(str(path)).config_indexing(fulltext, "eng") as creator:
        creator.set_mainpath("A/Compost")
        for p, (title, html) in ARTICLES.items():
            creator.add_item(Page(p, title, html))
        creator.add_metadata("Title", "Tiny encyclopedia")
        creator.add_metadata("Language", "eng")
    return path


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "log.db") as s:
        yield s


@pytest.fixture
def folder(tmp_path, pdf_writer=None):
    root = tmp_path / "vault"
    (root / "notes").mkdir(parents=True)
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "workspace.md").write_text("# Not a note\n\nObsidian's own settings, never indexed here.")
    (root / "notes" / "stash.md").write_text("---\ntitle: Stashing in Git\n---\n\n# Stashing\n\n"
                                             "git stash saves your local changes and reverts the working directory to HEAD. "
                                             "git stash pop applies them again and drops the stash entry.\n")
    (root / "tea.txt").write_text("Green tea is brewed at about 80 degrees Celsius for two to three minutes. "
                                  "Boiling water makes it bitter.\n")
    (root / "git-tag.html").write_bytes((CORPUS / "git-tag.html").read_bytes())
    (root / "image.png").write_bytes(b"\x89PNG....")
    return root


def test_a_folder_is_indexed_and_searched_by_meaning(store, folder):
    lib = Library(store, embedder=word_overlap)
    report = lib.add([str(folder)])
    assert (report.files, report.added, report.problems) == (3, 3, [])
    kinds = {Path(f.path).name: f.kind for f in lib.files()}
    assert kinds == {"stash.md": "markdown", "tea.txt": "text", "git-tag.html": "html"}  # no .obsidian, no png
    hit = lib.search("how to brew green tea water temperature", k=1)[0]
    assert hit.location == str(folder / "tea.txt") and "80 degrees" in hit.text
    hit = lib.search("git stash local changes working directory", k=1)[0]
    assert hit.title == "Stashing in Git" and hit.location.endswith("stash.md")


def test_adding_again_reads_only_changed_files_and_forgets_deleted_ones(store, folder):
    lib = Library(store, embedder=word_overlap)
    lib.add([str(folder)])
    again = lib.add([str(folder)])
    assert (again.read, again.added, again.unchanged) == (0, 0, 3)
    tea = folder / "tea.txt"
    tea.write_text("Black tea is brewed with boiling water for four minutes.\n")
    os.utime(tea, (time.time() + 5, time.time() + 5))
    (folder / "notes" / "stash.md").touch()  # same bytes, new time: read, found the same, not embedded again
    os.utime(folder / "notes" / "stash.md", (time.time() + 5, time.time() + 5))
    (folder / "git-tag.html").unlink()
    third = lib.add([str(folder)])
    assert (third.read, third.added, third.unchanged, third.removed) == (2, 1, 1, 1)
    assert "four minutes" in lib.search("black tea boiling water", k=1)[0].text
    assert lib.remove([str(folder / "notes")]) == 1 and lib.count()[0] == 1


def test_library_passages_become_sources_cited_by_path_or_title(store, folder, tmp_path):
    lib = Library(store, embedder=word_overlap)
    lib.add([str(folder), str(make_zim(tmp_path / "tiny.zim"))])
    sources = lib.sources_for(["composting a heap with air and water", "brewing green tea"])
    by_title = {s.title: s for s in sources}
    assert by_title["Compost"].location == f"{tmp_path / 'tiny.zim'}#A/Compost"
    assert "Turning the heap every two weeks" in by_title["Compost"].text and "Main page" not in by_title["Compost"].text
    assert any(s.location == str(folder / "tea.txt") for s in sources)
    assert all(s.kind == "library" for s in sources)


def test_a_big_zim_with_a_full_text_index_is_searched_through_it(store, tmp_path, monkeypatch):
    path = make_zim(tmp_path / "wiki.zim")
    assert zim.info(path) == ("Tiny encyclopedia", 2, True)
    monkeypatch.setattr(zim, "EMBED_MAX", 1)  # as if it had millions of articles
    lib = Library(store, embedder=word_overlap)
    report = lib.add([str(path)])
    assert lib.files()[0].kind == "zim-search" and report.passages == 0
    hit = lib.search("honey bee colony queen workers", k=1)[0]
    assert hit.title == "Beekeeping" and hit.location.endswith("#A/Beekeeping")


def test_cli_library_add_list_search_remove(folder, monkeypatch):
    from blogwright.cli.app import app
    from blogwright.grounding import embed

    monkeypatch.setattr(embed, "default_embedder", lambda: embed.word_overlap)
    runner = CliRunner()
    r = runner.invoke(app, ["library", "add", str(folder), "--json"])
    assert r.exit_code == 0, r.output
    assert '"added": 3' in r.stdout
    r = runner.invoke(app, ["library", "list", "--json"])
    assert r.exit_code == 0 and "tea.txt" in r.stdout
    r = runner.invoke(app, ["library", "search", "green tea temperature"])
    assert r.exit_code == 0 and "80 degrees" in r.stdout
    r = runner.invoke(app, ["library", "remove", str(folder)])
    assert r.exit_code == 0 and "removed 3" in r.output
    r = runner.invoke(app, ["library", "add", str(folder / "missing")])
    assert r.exit_code == 2 and "no such file or folder" in r.output


def test_replacing_the_newest_file_with_as_many_passages_is_searched_with_its_new_vectors(store, tmp_path):
    """The newest file's passages have the highest ids: replaced by as many passages, they get the same
    ids back (SQLite reuses the top rowid), so a generation made of the passage count and the top id
    did not change and the memory-mapped vectors of the old text answered for the new one."""
    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md").write_text("Green tea is brewed at about 80 degrees Celsius for two to three minutes.\n")
    lib = Library(store, embedder=word_overlap)
    lib.add([str(root)])
    (root / "b.md").write_text("Sourdough starter needs flour and water fed every day at room temperature.\n")
    lib.add([str(root)])
    assert lib.search("sourdough starter flour water", k=1)[0].location.endswith("b.md")  # the sidecar is made
    newest = root / "b.md"
    newest.write_text("Kayaks are steered with a double-bladed paddle and a rudder on long open crossings.\n")
    os.utime(newest, (time.time() + 5, time.time() + 5))
    assert lib.add([str(root)]).added == 1
    hits = lib.search("kayak paddle rudder crossings", k=1)
    assert hits and hits[0].location.endswith("b.md") and "paddle" in hits[0].text
    assert hits[0].score > 0.5  # scored with the kayak text's vector, not the sourdough one's
