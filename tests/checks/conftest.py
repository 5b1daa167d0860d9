"""Fixtures for the quality-gate tests: sample texts in tests/checks/data/."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data():
    """read a sample text by file name"""
    return lambda name: (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(data):
    """a real post (shared/seeds/000_...) with the glued 'We'rejoviallooking'"""
    return data("seed_glued.txt")


@pytest.fixture(scope="session")
def prose(data):
    """ordinary English: names, contractions, hyphens, plurals"""
    return data("prose.txt")


@pytest.fixture(scope="session")
def good_post(data):
    """a well-formed blogwright post (front matter, TL;DR, 4 sections, Wrapping Up)"""
    return data("good_post.md")
