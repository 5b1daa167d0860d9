"""The embedding model loads on a background thread while the post is drafted."""

import threading

from blogwright import api, embeddings


def test_preload_starts_one_background_load_only_when_needed(monkeypatch):
    started = threading.Event()
    monkeypatch.setattr(embeddings, "load_model", lambda: started.set())
    monkeypatch.setattr(embeddings, "loaded", lambda: False)
    monkeypatch.setattr(embeddings, "failure", lambda: None)
    api.writing.preload_embeddings()
    assert started.wait(5)
    started.clear()
    monkeypatch.setattr(embeddings, "loaded", lambda: True)
    api.writing.preload_embeddings()
    assert not started.wait(0.3)
    monkeypatch.setattr(embeddings, "loaded", lambda: False)
    monkeypatch.setattr(embeddings, "failure", lambda: "not installed")
    api.writing.preload_embeddings()
    assert not started.wait(0.3)
