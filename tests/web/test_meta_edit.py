"""Issue 25: the web page edits every front-matter field: title, TL;DR, tags, description, slug, date."""

from __future__ import annotations

import yaml

from .conftest import start, wait


def _front(md: str) -> dict:
    return yaml.safe_load(md.split("---", 2)[1])


def test_the_page_has_a_field_for_each_and_saving_changes_the_post(client):
    job = start(client, topic="Composting at home")
    assert wait(client, job)["status"] == "done"
    page = client.get(f"/posts/{job}").text
    for name in ("title", "summary", "tags", "description", "slug", "date"):
        assert f'name="{name}"' in page, name
    r = client.post(f"/api/posts/{job}/meta", json={
        "title": "Compost in a Small Flat", "summary": "A bin, some browns, and patience.",
        "tags": "compost, Small Flats ,  bins", "description": "How I compost in 30 square metres.",
        "slug": "Compost in a flat!", "date": "2026-05-01"})
    assert r.status_code == 200, r.text
    md = client.get(f"/posts/{job}/export.md").text
    fm = _front(md)
    assert fm["title"] == "Compost in a Small Flat" and fm["summary"] == "A bin, some browns, and patience."
    assert fm["tags"] == ["compost", "small flats", "bins"] and fm["slug"] == "compost-in-a-flat"
    assert fm["description"] == "How I compost in 30 square metres." and str(fm["date"]).startswith("2026-05-01")
    assert "# Compost in a Small Flat" in md and "**TL;DR:** A bin, some browns, and patience." in md
    assert 'value="Compost in a Small Flat"' in client.get(f"/posts/{job}").text


def test_a_bad_field_changes_nothing(client):
    job = start(client, topic="Composting at home")
    wait(client, job)
    before = client.get(f"/posts/{job}/export.md").text
    for bad in ({"date": "next tuesday"}, {"title": ""}, {"author": "me"}):
        r = client.post(f"/api/posts/{job}/meta", json={"summary": "changed", **bad})
        assert r.status_code == 400, (bad, r.text)
    assert client.get(f"/posts/{job}/export.md").text == before
