"""The research corpus (real Git documentation pages) served on 127.0.0.1 for the research tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.fake_search import CorpusServers

CORPUS = Path(__file__).resolve().parents[1] / "data" / "research" / "git"


@pytest.fixture(scope="module")
def servers():
    with CorpusServers(CORPUS) as s:
        yield s
