"""A batch row that says `research: yes` researches through the loopback search and page servers; the
row beside it that does not say so asks nothing online. Fake backend, word-overlap embeddings."""

from __future__ import annotations

from blogwright.backends.fake import FakeBackend
from blogwright.batch import Runner, RunOptions, plan_batch
from blogwright.core import config
from blogwright.grounding import embed
from blogwright.pipeline import logged


def test_a_batch_row_with_research_yes_reads_the_pages_and_the_other_row_does_not(servers, tmp_path, monkeypatch,
                                                                                   _isolated_home):
    (_isolated_home / "config.yaml").write_text(
        "network:\n  allow_private_urls: true\nsearch:\n  per_host: 8\n  pause: 0\n  max_pages: 3\n")
    config._load.cache_clear()
    monkeypatch.setattr(embed, "default_embedder", lambda: embed.word_overlap)
    monkeypatch.setattr(logged, "default_embedder", lambda: embed.word_overlap)
    indexed: dict[str, list] = {}
    real = logged.build_index

    def spy(sources, on_event=None):
        indexed.setdefault("calls", []).append(list(sources))
        return real(sources, on_event)

    monkeypatch.setattr(logged, "build_index", spy)
    cal = tmp_path / "cal.yaml"
    cal.write_text("defaults:\n  words: 300\nposts:\n"
                   f"  - topic: git stash\n    research: yes\n    search: searxng:{servers.search_url}\n"
                   "  - topic: Choosing a compost bin\n")
    searches, pages = len(servers.searches), len(servers.log)
    planned = plan_batch(cal, tmp_path / "posts")
    report = Runner(planned.batch_id, RunOptions(model="fake", concurrency=1),
                    backend_factory=lambda spec: FakeBackend()).run()
    assert report.status == "done" and report.counts.done == 2
    asked = servers.searches[searches:]
    assert asked and asked[0] == "git stash"
    assert all("stash" in q.lower() and "compost" not in q.lower() for q in asked)  # only the research row asked
    read = [p for p in servers.log[pages:] if p.startswith("/docs/")]
    assert "/docs/git-stash.html" in read and len(read) <= 3  # search.max_pages
    web = [s for call in indexed["calls"] for s in call if s.kind == "web"]
    assert web and all(s.location.startswith(f"{servers.page_url}/docs/") for s in web)  # the pages reached the post
    stash = (tmp_path / "posts").glob("*git-stash*.md")
    assert next(stash).read_text().strip()
