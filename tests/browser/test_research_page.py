"""The new-post page's research controls in headless Chromium, on the fake backend, against the loopback
search and page servers of bench/fake_search.py (real Git documentation pages): the research switch,
the search field and the library toggle survive `Find notes first`, the found notes land in the Notes
box where they can be edited, and the post written afterwards cites what the edited box and the
library gave it (and nothing that was deleted from the box)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bench.fake_search import CorpusServers

from blogwright import api
from blogwright.backends.fake import FakeBackend
from blogwright.checks import GateConfig
from blogwright.core import config
from blogwright.grounding import embed
from blogwright.web import Settings

from .conftest import Server, kitchen_fake, shot

pytestmark = pytest.mark.browser
CORPUS = Path(__file__).resolve().parents[1] / "data" / "research" / "git"
MY_NOTE = "I run git stash push --keep-index before every pull so the staged half of my work stays put."
LIBRARY_SENTENCE = ("The stash keeps the changes of the working tree and the index so that I can switch branches "
                    "and come back to them later.")


@pytest.fixture
def research_server(tmp_path, monkeypatch, _isolated_home):
    monkeypatch.setattr(embed, "default_embedder", lambda: embed.word_overlap)  # no model load in the server
    (_isolated_home / "config.yaml").write_text(
        "network:\n  allow_private_urls: true\nsearch:\n  per_host: 8\n  pause: 0\n  max_pages: 3\n")
    config._load.cache_clear()
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "stash-habits.md").write_text(f"---\ntitle: My stash habits\n---\n\n# Git stash\n\n{MY_NOTE} {LIBRARY_SENTENCE}\n")
    assert api.research.library_add([str(vault)]).added == 1
    settings = Settings(model="fake", out_dir=tmp_path / "posts", gates=GateConfig(embeddings=False),
                        backend_factory=lambda spec: FakeBackend(function=kitchen_fake, delay=0))
    with CorpusServers(CORPUS) as corpus, Server(settings) as server:
        yield server, corpus, vault / "stash-habits.md"


def test_find_notes_first_then_edit_then_write_with_the_library(page, research_server):
    server, corpus, note_file = research_server
    page.goto(server.url + "/")
    page.fill("#topic", "git stash")
    page.fill("#words", "300")
    assert page.is_checked("#library")  # on by default
    page.check("#research")
    page.fill("#search", f"searxng:{corpus.search_url}")
    page.uncheck("#library")
    searches_before = len(corpus.searches)
    page.click("#find-notes")
    page.wait_for_load_state()
    notes = page.locator("#notes")
    notes.wait_for(state="visible")  # shown at once, not folded away in the closed <details>
    found = notes.input_value()
    shot(page, "research-01-found-notes")
    assert len(corpus.searches) > searches_before  # the notes came from the search server
    assert page.locator("#form-error").count() == 0
    refs = dict(re.findall(r"^\[(\d+)\]: (http://127\.0\.0\.1:\d+/\S+)", found, re.M))
    facts = re.findall(r"^- (.+) \[(\d+)\]$", found, re.M)
    assert refs and facts, found
    assert all(n in refs for _, n in facts)  # every fact names a page listed under it
    assert any("git-stash" in url for url in refs.values())
    # the form comes back as it was: the switch, the provider, the library toggle, the topic
    assert page.is_checked("#research") and not page.is_checked("#library")
    assert page.input_value("#search") == f"searxng:{corpus.search_url}"
    assert page.input_value("#topic") == "git stash"
    # edit the box: keep one fact and its page, add a line of my own
    kept_text, kept_n = next((t, n) for t, n in facts if "git-stash" in refs[n])
    dropped = {url for n, url in refs.items() if n != kept_n}
    assert dropped or len(facts) > 1  # something is deleted, so the post can show it was
    edited = f"- {kept_text} [{kept_n}]\n- I stash before every pull.\n\n[{kept_n}]: {refs[kept_n]} \"git stash\"\n"
    notes.fill(edited)
    assert notes.input_value() == edited  # editable in place
    page.uncheck("#research")  # write from the edited notes only (no second web research)
    page.check("#library")
    shot(page, "research-02-edited")
    page.click("#write")
    page.wait_for_url("**/posts/*", timeout=120_000)
    shot(page, "research-03-post")
    text = page.locator("main").inner_text()
    assert kept_text.rstrip(".") in text  # the kept fact reached the post
    assert not any(t.rstrip(".") in text for t, n in facts if n != kept_n)  # the deleted ones did not
    hrefs = page.locator("#refs a").evaluate_all("els => els.map(e => e.href)")
    assert not dropped & set(hrefs)  # no deleted page is cited
    assert {h for h in hrefs if h.startswith("http://127.0.0.1")} == {refs[kept_n]}  # the kept one is
    assert re.search(re.escape(kept_text.rstrip(".")) + r" \[\d+\]", text), text  # the kept fact carries its mark
    assert "I stash before every pull" in page.locator("#refs").inner_text()  # my own line is a cited note
    # the library toggle, on again for the write: the vault's passage reached the post
    assert LIBRARY_SENTENCE in page.locator("main").inner_text()
    assert re.search(re.escape(LIBRARY_SENTENCE.rstrip(".")) + r" \[\d+\]", text), text  # cited ...
    assert "My stash habits (stash-habits.md)" in page.locator("#refs").inner_text()  # ... to its file
    assert "library: 1 file(s)" in " ".join(notes_of(server, page))


def test_the_library_toggle_off_keeps_the_library_out(page, research_server):
    server, _, _ = research_server
    page.goto(server.url + "/")
    page.fill("#topic", "git stash")
    page.fill("#words", "300")
    page.uncheck("#library")
    page.click("#write")
    page.wait_for_url("**/posts/*", timeout=120_000)
    assert LIBRARY_SENTENCE not in page.locator("main").inner_text()
    assert not any(n.startswith("library:") for n in notes_of(server, page))


def notes_of(server: Server, page) -> list[str]:
    """The plan notes of the job whose post the page shows (the write page shows them while it runs)."""
    job = server.app.web.jobs.get(page.url.rsplit("/", 1)[1])
    return [e["text"] for e in job.events if e["kind"] == "note"]
