"""Research on loopback: a SearXNG-compatible server and real documentation pages (tests/research/conftest.py)."""

from __future__ import annotations

import pytest

from blogwright.core.errors import BadInput, SourceProblem
from blogwright.grounding.embed import word_overlap
from blogwright.grounding.sources import parse_notes
from blogwright.research import (
    FakeSearch,
    Fetcher,
    PageCache,
    SearchCache,
    SearchResult,
    get_provider,
    http_get,
    queries_for,
    research,
    split_cited,
)
from blogwright.research.find import ranked_urls
from blogwright.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "log.db") as s:
        yield s


def fetcher(store=None, **kw) -> Fetcher:
    return Fetcher(cache=PageCache(store) if store else None, allow_private=True, pause_s=0, per_host=kw.pop("per_host", 8), **kw)


def test_providers_are_chosen_by_spec_and_bad_specs_say_what_to_do(monkeypatch):
    assert get_provider("searxng:http://127.0.0.1:9/").name == "searxng:http://127.0.0.1:9"
    assert get_provider("duckduckgo").name == "duckduckgo"
    assert get_provider("fake").search("x") == []
    with pytest.raises(BadInput, match="unknown search provider 'bing'"):
        get_provider("bing")
    with pytest.raises(BadInput, match="searxng:http"):
        get_provider("searxng")
    monkeypatch.delenv("BRAVE_API_KEY", raising=False)
    with pytest.raises(BadInput, match="BRAVE_API_KEY"):
        get_provider("brave")
    monkeypatch.setenv("TAVILY_API_KEY", "tvly-123")
    assert get_provider("tavily").name == "tavily"
    monkeypatch.setenv("BLOGWRIGHT_SEARCH", "fake")
    assert get_provider(None).name == "fake"


def test_a_plugin_registers_a_provider_through_the_entry_point_group(monkeypatch):
    from blogwright.core import registry
    from blogwright.research.providers import PROVIDERS

    class EP:
        name, value = "mine", "my_package:mine"

        def load(self):
            return lambda rest: FakeSearch(default=[SearchResult(url=f"https://example.org/{rest}")])

    monkeypatch.setattr(registry, "entry_points", lambda group: [EP()] if group == "blogwright.search_providers" else [])
    PROVIDERS.refresh()
    try:
        assert get_provider("mine:abc").search("q")[0].url == "https://example.org/abc"
        assert PROVIDERS.plugins() == ["mine"]
    finally:
        monkeypatch.undo()
        PROVIDERS.refresh()


def test_searxng_json_answers_are_read(servers):
    results = get_provider(f"searxng:{servers.search_url}").search("git stash list apply", 3)
    assert 1 <= len(results) <= 3
    assert results[0].url == f"{servers.page_url}/docs/git-stash.html" and "git-stash" in results[0].title


def test_the_policy_refuses_private_addresses_unless_allowed_and_checks_content_types(servers):
    url = f"{servers.page_url}/docs/git-tag.html"
    with pytest.raises(SourceProblem, match="not a public address"):
        http_get(url)
    assert http_get(url, allow_private=True).status == 200
    with pytest.raises(SourceProblem, match="image/png"):
        http_get(f"{servers.page_url}/image.png", allow_private=True)
    with pytest.raises(SourceProblem, match="limit"):
        http_get(url, allow_private=True, max_bytes=1000)
    with pytest.raises(SourceProblem, match="only http and https"):
        http_get("file:///etc/passwd", allow_private=True)


def test_redirects_are_followed_and_checked_again(servers):
    ans = http_get(f"{servers.page_url}/go/git-tag", allow_private=True)
    assert ans.url.endswith("/docs/git-tag.html") and ans.status == 200
    with pytest.raises(SourceProblem, match="not a public address"):
        http_get(f"{servers.page_url}/go/git-tag")


def test_robots_txt_is_obeyed_and_the_per_host_limit_holds(servers):
    f = fetcher(per_host=2)
    page = f.fetch(f"{servers.page_url}/private/secret.html")
    assert "robots.txt" in page.problem and "/private/secret.html" not in servers.log
    assert not f.fetch(f"{servers.page_url}/docs/git-tag.html").problem
    assert not f.fetch(f"{servers.page_url}/docs/git-branch.html").problem
    assert "already 2 pages" in f.fetch(f"{servers.page_url}/docs/git-merge.html").problem


def test_queries_come_from_the_topic_and_each_section():
    qs = queries_for("git stash", [("What Git Stash Is", "..."), ("Common Mistakes", "...")])
    assert qs == ["git stash", "What Git Stash Is", "git stash Common Mistakes"]


def test_results_are_interleaved_by_rank_without_repeats():
    a, b, c = (SearchResult(url=f"https://x.org/{n}") for n in "abc")
    assert [r.url[-1] for r in ranked_urls([[a, b], [a, c], [b]])] == ["a", "b", "c"]


def test_research_reads_real_pages_and_cites_each_note_to_its_page(servers, store):
    # the points name the topic's words: a found sentence must (issue 22), and the word-overlap embedder
    # scores only shared words against NOTE_MIN_SCORE
    found = research("git stash", [("Saving Work in Progress", "use git stash to record the current state of the "
                                    "working directory and go back to a clean working directory"),
                                   ("Getting Changes Back", "calling git stash without arguments is git stash push")],
                     provider=get_provider(f"searxng:{servers.search_url}"), fetcher=fetcher(store),
                     searches=SearchCache(store), embedder=word_overlap, max_pages=4)
    assert found.sources and all(s.kind == "web" and s.location.startswith(servers.page_url) for s in found.sources)
    stash = next(s for s in found.sources if s.location.endswith("git-stash.html"))
    assert stash.title.startswith("git-stash(1)")
    # trafilatura kept the manual's text and dropped the stylesheet, the header and the footer
    assert "record the current state of the working directory" in stash.text
    for junk in ("font-family", "Asciidoctor default stylesheet", "Last updated"):
        assert junk not in stash.text
    notes = [n for sec in found.notes for n in sec]
    assert notes and all(1 <= n <= len(found.sources) for _, n in notes)
    md = found.markdown()
    assert "## Saving Work in Progress" in md and f"]: {stash.location} " in md


def test_a_rerun_is_offline_and_finds_the_same_notes(servers, store, tmp_path):
    args = dict(provider=get_provider(f"searxng:{servers.search_url}"), searches=SearchCache(store), embedder=word_overlap,
                max_pages=3)
    first = research("git worktree", [], fetcher=fetcher(store), **args)
    searches, pages = len(servers.searches), len(servers.log)
    again = research("git worktree", [], fetcher=fetcher(store, offline=True), **args)
    assert (len(servers.searches), len(servers.log)) == (searches, pages)  # nothing asked of the servers
    assert again.markdown() == first.markdown() and again.offline == len(again.sources)


def test_nothing_found_is_one_clear_error(store):
    with pytest.raises(BadInput, match="research found nothing"):
        research("x y", [], provider=FakeSearch(), fetcher=fetcher(store), embedder=word_overlap)


def test_the_notes_file_reads_back_as_sources_cited_to_their_pages():
    text = ("# Notes found for: git\n\n<!-- edit -->\n\n## Stash\n\n- Stashes are kept in refs/stash. [1]\n"
            "- My own note.\n- The reflog keeps them. [2]\n\n[1]: https://git-scm.com/docs/git-stash \"git-stash(1)\"\n"
            "[2]: https://git-scm.com/docs/git-reflog \"git-reflog(1)\"\n")
    plain, sources = split_cited(parse_notes(text))
    assert plain == ["My own note."]
    assert [(s.location, s.title, s.text) for s in sources] == [
        ("https://git-scm.com/docs/git-stash", "git-stash(1)", "Stashes are kept in refs/stash."),
        ("https://git-scm.com/docs/git-reflog", "git-reflog(1)", "The reflog keeps them.")]
    assert split_cited(["A plain note [1]."]) == (["A plain note [1]."], [])  # no page named: still a note


def test_a_batch_row_may_ask_for_research():
    from blogwright.batch.calendar import parse_calendar

    cal = parse_calendar("defaults:\n  words: 300\nposts:\n  - topic: git stash\n    research: yes\n    search: searxng:http://127.0.0.1:8888\n"
                         "  - topic: git tags\n", "cal.yaml")
    rows = cal.rows if hasattr(cal, "rows") else cal
    assert [(r.research, r.search) for r in rows] == [(True, "searxng:http://127.0.0.1:8888"), (False, "")]


def test_command_synopses_and_option_lists_are_not_facts():
    from blogwright.research.find import prose

    text = ("# SYNOPSIS\n\ngit stash push [-p|--patch] [-S|--staged] [-k|--[no-]keep-index] [<pathspec>...]\n\n"
            "# DESCRIPTION\n\nUse git stash when you want to record the current state of the working directory.\n\n"
            "stash.showPatch\n\n--include-untracked")
    assert prose(text) == ("# SYNOPSIS\n\n# DESCRIPTION\n\n"
                           "Use git stash when you want to record the current state of the working directory.")
