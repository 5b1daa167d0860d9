"""WordPress: the client against a fake REST server (default) or a real local WordPress.

Real one: `bash .ci/services.sh && BLOGWRIGHT_WP_TESTS=1 .venv/bin/python -m pytest tests/publish/test_wordpress.py`
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest

from blogwright.publish import PublishError, publish_post
from blogwright.store import Store

URL = "http://wp.test"


class FakeWordPress:
    """Just enough of /wp-json/wp/v2 (posts, tags, basic auth) to exercise the client."""

    def __init__(self, user="admin", password="abcd efgh"):
        self.auth = httpx.BasicAuth(user, password)._auth_header
        self.posts: dict[int, dict] = {}
        self.tags: dict[int, str] = {}
        self.requests: list[httpx.Request] = []

    def __call__(self, req: httpx.Request) -> httpx.Response:
        self.requests.append(req)
        if req.headers.get("authorization") != self.auth:
            return httpx.Response(401, json={"code": "incorrect_password"})
        path = req.url.path.removeprefix("/wp-json/wp/v2")
        body = json.loads(req.content) if req.content else {}
        if path == "/tags" and req.method == "GET":
            s = req.url.params["search"].lower()
            return httpx.Response(200, json=[{"id": i, "name": n, "slug": n} for i, n in self.tags.items() if s in n])
        if path == "/tags":
            i = 100 + len(self.tags)
            self.tags[i] = body["name"]
            return httpx.Response(201, json={"id": i, "name": body["name"]})
        if path == "/posts" and req.method == "GET":
            return httpx.Response(200, json=[p for p in self.posts.values() if p["slug"] == req.url.params["slug"]])
        if path == "/posts":
            i = len(self.posts) + 1
            self.posts[i] = {**body, "id": i, "link": f"{URL}/?p={i}"}
            return httpx.Response(201, json=self.posts[i])
        i = int(path.rsplit("/", 1)[1])
        if i not in self.posts:
            return httpx.Response(404, json={"code": "rest_post_invalid_id"})
        self.posts[i].update(body)
        return httpx.Response(200, json=self.posts[i])


@pytest.fixture
def creds(monkeypatch):
    monkeypatch.setenv("WORDPRESS_USER", "admin")
    monkeypatch.setenv("WORDPRESS_APP_PASSWORD", "abcd efgh")


def test_create_then_update_no_duplicate(tmp_path, post_file, creds):
    wp = FakeWordPress()
    store = Store(tmp_path / "log.db")
    t = httpx.MockTransport(wp)
    first = publish_post(post_file, f"wordpress:{URL}", db=store.db, transport=t)
    assert first.action == "created" and len(wp.posts) == 1
    p = wp.posts[first.remote_id]
    assert p["title"] == "How to Compost at Home" and p["status"] == "draft"
    assert "<h2>Keeping the Pile Healthy</h2>" in p["content"] and "TL;DR" not in p["content"]
    assert p["excerpt"].startswith("Mix greens and browns") and sorted(wp.tags.values()) == ["compost", "garden"]
    second = publish_post(post_file, f"wordpress:{URL}", live=True, db=store.db, transport=t)
    assert second.action == "updated" and len(wp.posts) == 1 and p["status"] == "publish"
    assert len(wp.tags) == 2
    # a fresh log still finds the post by slug on the server
    third = publish_post(post_file, f"wordpress:{URL}", db=None, transport=t)
    assert third.action == "updated" and len(wp.posts) == 1


def test_dry_run_redacts_and_sends_nothing(post_file, creds):
    wp = FakeWordPress()
    r = publish_post(post_file, f"wordpress:{URL}", dry_run=True, transport=httpx.MockTransport(wp))
    assert r.dry_run_text.startswith(f"POST {URL}/wp-json/wp/v2/posts")
    assert "abcd" not in r.dry_run_text and "<redacted>" in r.dry_run_text and '"status": "draft"' in r.dry_run_text
    assert all(q.method == "GET" for q in wp.requests) and not wp.posts


def test_wrong_password_and_unreachable(post_file, monkeypatch, creds):
    monkeypatch.setenv("WORDPRESS_APP_PASSWORD", "wrong")
    with pytest.raises(PublishError, match="refused the credentials \\(401\\)") as e:
        publish_post(post_file, f"wordpress:{URL}", transport=httpx.MockTransport(FakeWordPress()))
    assert "wrong" not in str(e.value)
    with pytest.raises(PublishError, match="unreachable"):
        publish_post(post_file, "wordpress:http://127.0.0.1:9")


WP_FILE = Path(os.environ.get("BLOGWRIGHT_WP_FILE", "/tmp/blogwright-wp/credentials.json"))


@pytest.mark.skipif(os.environ.get("BLOGWRIGHT_WP_TESTS") != "1", reason="set BLOGWRIGHT_WP_TESTS=1 after .ci/services.sh")
def test_real_wordpress(tmp_path, post_file, monkeypatch):
    cfg = json.loads(WP_FILE.read_text())
    monkeypatch.setenv("WORDPRESS_USER", cfg["user"])
    monkeypatch.setenv("WORDPRESS_APP_PASSWORD", cfg["app_password"])
    store = Store(tmp_path / "log.db")
    first = publish_post(post_file, f"wordpress:{cfg['url']}", db=store.db)
    api = cfg["url"].rstrip("/") + "/wp-json/wp/v2"
    auth = (cfg["user"], cfg["app_password"])
    got = httpx.get(f"{api}/posts/{first.remote_id}", params={"context": "edit"}, auth=auth).json()
    assert got["title"]["raw"] == "How to Compost at Home" and got["status"] == "draft"
    assert "Keeping the Pile Healthy" in got["content"]["raw"] and "Mix greens" in got["excerpt"]["raw"]
    names = {t["name"] for t in httpx.get(f"{api}/tags", params={"include": ",".join(map(str, got["tags"]))}).json()}
    assert names == {"compost", "garden"}
    second = publish_post(post_file, f"wordpress:{cfg['url']}", live=True, db=store.db)
    assert second.remote_id == first.remote_id
    same = httpx.get(f"{api}/posts", params={"slug": "how-to-compost-at-home", "status": "any"}, auth=auth).json()
    assert len(same) == 1 and same[0]["status"] == "publish"
