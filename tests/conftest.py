"""Shared fixtures: every test gets its own data dir, so no test touches the user's log."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("bw-home")
    monkeypatch.setenv("BLOGWRIGHT_HOME", str(home))
    monkeypatch.delenv("BLOGWRIGHT_DB", raising=False)
    monkeypatch.setenv("BLOGWRIGHT_CONFIG", str(home / "config.yaml"))
    from blogwright.core import config

    config._load.cache_clear()
    yield home
    config._load.cache_clear()
