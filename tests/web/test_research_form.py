"""The new-post page's research switch, library toggle and `Find notes first` (fake search on loopback)."""

from __future__ import annotations

import re
from pathlib import Path

from bench.fake_search import CorpusServers

from blogwright.grounding import embed
from blogwright.web.forms import request_from_form, research_options

CORPUS = Path(__file__).resolve().parents[1] / "data" / "research" / "git"


def test_the_form_carries_research_search_and_library():
    req = request_from_form({"topic": "git stash", "research": "1", "search": "searxng:http://127.0.0.1:8888"})
    assert (req.research, req.search, req.library) == (True, "searxng:http://127.0.0.1:8888", False)
    assert research_options({"topic": "x", "library": "1"}) == {"research": False, "search": None, "library": True}


def test_find_notes_fills_the_notes_box_with_facts_and_their_pages(client, monkeypatch, tmp_path):
    monkeypatch.setattr(embed, "default_embedder", lambda: embed.word_overlap)
    (tmp_path / "c.yaml").write_text("network:\n  allow_private_urls: true\nsearch:\n  per_host: 8\n  pause: 0\n  max_pages: 2\n")
    monkeypatch.setenv("BLOGWRIGHT_CONFIG", str(tmp_path / "c.yaml"))
    from blogwright.core import config

    config._load.cache_clear()
    with CorpusServers(CORPUS) as servers:
        r = client.post("/research", data={"topic": "git stash", "words": "300", "research": "1",
                                           "search": f"searxng:{servers.search_url}"})
    assert r.status_code == 200, r.text[-500:]
    box = re.search(r'<textarea name="notes"[^>]*>(.*?)</textarea>', r.text, re.S).group(1)
    assert "[1]: http://127.0.0.1:" in box and "git-stash.html" in box
    assert 'name="research" id="research" value="1"\n           checked' in r.text


def test_find_notes_with_an_unknown_provider_says_so(client):
    r = client.post("/research", data={"topic": "git stash", "search": "nope"})
    assert r.status_code == 400 and "unknown search provider" in r.text


def test_a_kept_fact_and_a_library_passage_are_cited_when_the_form_writes(tmp_path, monkeypatch):
    """The Notes box as `Find notes first` fills it, edited to one fact and its page, written from the
    form with the library on (fake backend, a trusted model): the fact and the library's passage
    carry no name, number or term, yet each restates its source, so each is cited to it."""
    from blogwright import api
    from blogwright.backends.fake import FakeBackend

    monkeypatch.setattr(embed, "default_embedder", lambda: embed.word_overlap)
    fact = "Calling git stash without any arguments is equivalent to git stash push."
    passage = ("The stash keeps the changes of the working tree and the index so that I can switch branches "
               "and come back to them later.")
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "stash-habits.md").write_text("---\ntitle: My stash habits\n---\n\n# Git stash\n\nI run git stash push "
                                          f"--keep-index before every pull so the staged half of my work stays put. {passage}\n")
    assert api.research.library_add([str(vault)]).added == 1
    notes = f"- {fact} [1]\n- I stash before every pull.\n\n[1]: https://git-scm.com/docs/git-stash \"git stash\"\n"
    req = request_from_form({"topic": "git stash", "words": "300", "model": "fake", "notes": notes, "library": "1"})
    text = api.write(req, out_dir=str(tmp_path / "posts"), backend=FakeBackend(delay=0)).path.read_text()
    body, refs = text.split("## References")
    assert re.search(re.escape(fact.rstrip(".")) + r" \[\[(\d+)\]\]\(#references\)", body), body
    assert re.search(re.escape(passage.rstrip(".")) + r" \[\[(\d+)\]\]\(#references\)", body), body
    assert "(https://git-scm.com/docs/git-stash)" in refs and "My stash habits (stash-habits.md)" in refs, refs
