"""The hosted search providers against loopback servers that speak their protocols (bench/fake_search.py's
HostedSearchAPIs for Brave and Tavily, over the real Git documentation pages), and the DuckDuckGo
adapter against a fake `ddgs.DDGS` (ddgs cannot be pointed at another address: see the last tests)."""

from __future__ import annotations

import sys
import time
import types

import pytest
from bench.fake_search import HostedSearchAPIs

from blogwright.core import config
from blogwright.core.errors import BadInput, SourceProblem
from blogwright.grounding.embed import word_overlap
from blogwright.research import Fetcher, get_provider, research
from blogwright.research import providers as providers_mod


@pytest.fixture
def apis(servers, monkeypatch):
    monkeypatch.setenv("BRAVE_API_KEY", "brave-test-key")
    monkeypatch.setenv("TAVILY_API_KEY", "tvly-test-key")
    with HostedSearchAPIs(servers) as a:
        yield a


def set_config(home, text: str) -> None:
    (home / "config.yaml").write_text(text)
    config._load.cache_clear()


@pytest.mark.parametrize("name", ["brave", "tavily"])
def test_a_hosted_api_answers_with_the_corpus_pages(apis, servers, name):
    provider = get_provider(f"{name}:{apis.url}")
    results = provider.search("git stash list apply", 3)
    assert 1 <= len(results) <= 3
    assert results[0].url == f"{servers.page_url}/docs/git-stash.html"
    assert results[0].title and results[0].snippet  # Brave's `description`, Tavily's `content`
    sent = apis.requests[-1]
    assert (sent["api"], sent["query"], sent["count"]) == (name, "git stash list apply", 3)
    assert sent["key"] == f"{'brave' if name == 'brave' else 'tvly'}-test-key"


def test_the_base_url_and_the_key_come_from_the_config(apis, servers, monkeypatch, _isolated_home):
    monkeypatch.delenv("TAVILY_API_KEY")
    set_config(_isolated_home, f"search:\n  tavily_api_key: tvly-test-key\n  tavily_url: {apis.url}\n")
    provider = get_provider("tavily")
    assert provider.base == apis.url
    assert provider.search("git bisect", 2)[0].url.startswith(servers.page_url)
    assert apis.requests[-1]["key"] == "tvly-test-key"
    # without a URL anywhere the real service is meant (never asked here)
    set_config(_isolated_home, "search:\n  tavily_api_key: tvly-test-key\n")
    assert get_provider("tavily").base == "https://api.tavily.com"
    monkeypatch.setenv("BRAVE_API_KEY", "k")
    assert get_provider("brave").base == "https://api.search.brave.com"
    with pytest.raises(BadInput, match="http"):
        get_provider("brave:ftp://example.org")


@pytest.mark.parametrize(("name", "env", "code"), [("brave", "BRAVE_API_KEY", "422: SUBSCRIPTION_TOKEN_INVALID"),
                                                   ("tavily", "TAVILY_API_KEY", "401: Unauthorized")])
def test_a_refused_key_says_where_the_key_comes_from(apis, monkeypatch, name, env, code):
    monkeypatch.setenv(env, "wrong-key")
    with pytest.raises(SourceProblem) as err:
        get_provider(f"{name}:{apis.url}").search("git stash")
    msg = str(err.value)
    assert "API key was refused" in msg and code in msg
    assert f"${env}" in msg and f"search.{name}_api_key" in msg
    assert "wrong-key" not in msg  # the key itself is never shown


@pytest.mark.parametrize("name", ["brave", "tavily"])
def test_a_short_rate_limit_is_waited_out_once(apis, servers, name):
    apis.rate_limit = (1, 1)  # one 429 with Retry-After: 1
    t0 = time.monotonic()
    results = get_provider(f"{name}:{apis.url}").search("git worktree", 2)
    assert time.monotonic() - t0 >= 0.9  # it waited as asked
    assert results and results[0].url.startswith(servers.page_url)
    assert len(apis.requests) == 2


@pytest.mark.parametrize("name", ["brave", "tavily"])
def test_a_long_rate_limit_is_reported_with_its_wait_and_what_to_do(apis, name, monkeypatch):
    slept = []
    monkeypatch.setattr(providers_mod.time, "sleep", slept.append)
    apis.rate_limit = (5, 120)
    with pytest.raises(SourceProblem) as err:
        get_provider(f"{name}:{apis.url}").search("git worktree")
    msg = str(err.value)
    assert "rate limited (HTTP 429" in msg and "wait 120 s (Retry-After)" in msg and "another --search provider" in msg
    assert slept == [] and len(apis.requests) == 1  # not waited for, not asked again


def test_a_second_429_after_the_wait_is_reported(apis, monkeypatch):
    slept = []
    monkeypatch.setattr(providers_mod.time, "sleep", slept.append)
    apis.rate_limit = (2, 1)
    with pytest.raises(SourceProblem, match="rate limited"):
        get_provider(f"brave:{apis.url}").search("git worktree")
    assert slept == [1.0] and len(apis.requests) == 2  # one wait, one more try, no loop


@pytest.mark.parametrize("name", ["brave", "tavily"])
def test_empty_results_are_an_answer_and_research_says_what_to_try(apis, name):
    provider = get_provider(f"{name}:{apis.url}")
    assert provider.search("zyxwvut qqqq", 5) == []  # no page holds these words
    with pytest.raises(BadInput) as err:
        research("zyxwvut qqqq", [], provider=provider, fetcher=Fetcher(allow_private=True, pause_s=0),
                 embedder=word_overlap)
    assert "found no pages" in str(err.value) and "another --search provider" in str(err.value)


def test_research_through_brave_reads_and_cites_the_pages(apis, servers):
    found = research("git stash", [("Saving work", "git stash saves uncommitted changes")],
                     provider=get_provider(f"brave:{apis.url}"),
                     fetcher=Fetcher(allow_private=True, pause_s=0, per_host=8), embedder=word_overlap, max_pages=2)
    assert found.sources and all(s.location.startswith(servers.page_url) for s in found.sources)
    assert any("git-stash" in s.location for s in found.sources)
    assert f"]: {servers.page_url}/docs/" in found.markdown()


# -- DuckDuckGo: ddgs has no base URL. Its engines' addresses are fixed https URLs (html.duckduckgo.com,
# bing.com, ...); the only way in is DDGS(proxy=...) / $DDGS_PROXY, which would need a TLS-intercepting
# proxy and certificate checks turned off. So the adapter is tested against a fake DDGS class.


class FakeDDGS:
    calls: list[tuple[str, int]] = []
    answer: object = None

    def text(self, query: str, max_results: int = 10):
        FakeDDGS.calls.append((query, max_results))
        if isinstance(FakeDDGS.answer, Exception):
            raise FakeDDGS.answer
        return FakeDDGS.answer


@pytest.fixture
def fake_ddgs(monkeypatch):
    module = types.ModuleType("ddgs")
    module.DDGS = FakeDDGS
    monkeypatch.setitem(sys.modules, "ddgs", module)
    FakeDDGS.calls, FakeDDGS.answer = [], None
    return FakeDDGS


def test_duckduckgo_reads_ddgs_rows_and_drops_junk(fake_ddgs):
    fake_ddgs.answer = [{"title": "git-stash", "href": "https://git-scm.com/docs/git-stash", "body": "Stash the changes"},
                        {"title": "no link", "href": "javascript:void(0)", "body": "x"}, "junk", None,
                        {"title": "second", "href": "http://example.org/b", "body": ""}]
    results = get_provider("duckduckgo").search("git stash", 5)
    assert [r.url for r in results] == ["https://git-scm.com/docs/git-stash", "http://example.org/b"]
    assert results[0].snippet == "Stash the changes"  # ddgs calls it `body`
    assert fake_ddgs.calls == [("git stash", 5)]


def test_duckduckgo_failures_and_empty_answers(fake_ddgs):
    fake_ddgs.answer = None
    assert get_provider("ddg").search("git stash") == []
    fake_ddgs.answer = RuntimeError("https://html.duckduckgo.com/html 202 Ratelimit")
    with pytest.raises(SourceProblem, match="duckduckgo: RuntimeError: .*Ratelimit"):
        get_provider("duckduckgo").search("git stash")


def test_duckduckgo_without_the_package_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ddgs", None)  # import fails
    with pytest.raises(BadInput, match="pip install ddgs"):
        get_provider("duckduckgo").search("git stash")
