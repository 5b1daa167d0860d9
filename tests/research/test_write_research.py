"""`write --research` / `blogwright research`: the found pages reach the pipeline as grounding Sources
(cited by URL, checked like --source), through the CLI and the api. Fake backend; the corpus on loopback."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from blogwright import api
from blogwright.cli.app import app
from blogwright.core.errors import BadInput
from blogwright.grounding import embed
from blogwright.model.brief import Brief
from blogwright.pipeline import logged


@pytest.fixture(autouse=True)
def fast(monkeypatch, _isolated_home):
    (_isolated_home / "config.yaml").write_text("search:\n  per_host: 8\n  pause: 0\n  max_pages: 3\n")
    monkeypatch.setattr(embed, "default_embedder", lambda: embed.word_overlap)  # seconds, not minutes
    monkeypatch.setattr(logged, "default_embedder", lambda: embed.word_overlap)


@pytest.mark.integration  # ~40 s: the post's checks load the embedding model
def test_write_with_research_cites_the_pages_it_read(servers, tmp_path):
    seen = {}
    real = logged.build_index

    def spy(sources, on_event=None):
        seen["sources"] = sources
        return real(sources, on_event)

    logged.build_index = spy
    try:
        res = api.write(Brief(topic="git stash", words=300), model="fake", out_dir=tmp_path, research=True,
                        search=f"searxng:{servers.search_url}", allow_private_urls=True, library=False)
    finally:
        logged.build_index = real
    web = [s for s in seen["sources"] if s.kind == "web"]
    assert web and all(s.location.startswith(f"{servers.page_url}/docs/") for s in web)
    assert any(s.location.endswith("git-stash.html") for s in web)
    grounding = res.post.report.grounding
    assert grounding["claims"] > 0  # the post's claims were checked against the pages read
    refs = res.post.references_md  # cited by URL, like --source, when the (fake) model used a page's sentence
    assert refs == "" or f"({servers.page_url}/docs/" in refs


def test_research_without_a_usable_provider_fails_before_any_model_loads(tmp_path):
    with pytest.raises(BadInput, match="unknown search provider"):
        api.write(Brief(topic="git stash"), model="fake", out_dir=tmp_path, research=True, search="nope")


@pytest.mark.integration
def test_cli_research_prints_notes_that_write_reads_back(servers, tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["research", "git stash", "--search", f"searxng:{servers.search_url}", "--allow-private-urls",
                            "--words", "300"])
    assert r.exit_code == 0, r.output
    notes = tmp_path / "notes.md"
    notes.write_text(r.stdout)
    assert "[1]: http://127.0.0.1:" in r.stdout and "## " in r.stdout
    r = runner.invoke(app, ["write", "git stash", "--notes", str(notes), "--model", "fake", "--words", "300",
                            "--out", str(tmp_path), "--json", "--no-library"])
    assert r.exit_code in (0, 1), r.output
    post = (tmp_path / json.loads(r.stdout)["path"].split("/")[-1]).read_text()
    assert f"({servers.page_url}/docs/git-stash.html)" in post  # a note's page is its citation
    r = runner.invoke(app, ["research", "git stash", "--search", f"searxng:{servers.search_url}", "--allow-private-urls",
                            "--words", "300", "--json"])
    data = json.loads(r.stdout)
    assert data["offline_pages"] == len(data["pages"]) > 0  # asked again: read from the log


def test_cli_research_after_a_refusal_reads_the_pages_and_lists_its_problems(servers):
    # newcomer P1: the refused run logged its refusals as pages; the rerun with the flag read them back
    runner = CliRunner()
    cmd = ["research", "git stash", "--search", f"searxng:{servers.search_url}", "--words", "300"]
    r = runner.invoke(app, cmd)
    assert r.exit_code == 2 and "--allow-private-urls" in r.stderr
    assert len([ln for ln in r.stderr.splitlines() if "refused" in ln or "not fetched" in ln]) == 1  # one line
    r = runner.invoke(app, [*cmd, "--allow-private-urls"])
    assert r.exit_code == 0, r.output
    assert "git-stash.html" in r.stdout and "(0 read from the log)" in r.stderr


def test_cli_research_with_no_notes_fails_and_prints_its_problems(monkeypatch):
    found = api.research.Findings(topic="git stash", sections=[("", "git stash")], notes=[[]],
                                  problems=[f"http://x/{i}: refused" for i in range(7)])
    monkeypatch.setattr(api.research, "find_notes", lambda *a, **k: found)
    r = CliRunner().invoke(app, ["research", "git stash"])
    assert r.exit_code == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert lines[:5] == [f"problem: http://x/{i}: refused" for i in range(5)]
    assert "2 more" in lines[5] and lines[-1].startswith("error: research read 0 page(s) but found no sentence")
