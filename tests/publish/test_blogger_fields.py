"""Front matter and publishing a blogger expects: categories, cover + alt, canonical URL, series,
lastmod on re-publish, Hugo archetypes, Jekyll drafts in _drafts/, WordPress categories, media uploads,
featured image, and never overwriting a WordPress post blogwright did not write without --force.

The real-WordPress test runs with `bash .ci/services.sh && BLOGWRIGHT_WP_TESTS=1`.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import tomllib
from pathlib import Path

import httpx
import pytest
import yaml

from blogwright.core import config
from blogwright.core.errors import BadInput, PublishError
from blogwright.model.post import Post, local_today
from blogwright.publish import publish_post
from blogwright.publish.wp_publish import MARKER
from blogwright.render import front_matter
from blogwright.store import Store

URL = "http://wp.test"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
def today() -> str:  # asked at the assertion: a run that crosses midnight failed on a date read at import
    return local_today().isoformat()


def fm_of(text: str) -> dict:
    if text.startswith("+++"):
        return tomllib.loads(text.split("+++")[1])
    return yaml.safe_load(text.split("---\n")[1])


FIELDS = {"categories": ["Gardening", "Home"], "cover": {"image": "cover.png", "alt": "A green compost bin"},
          "series": "Home basics", "canonical_url": "https://example.org/compost/"}


@pytest.fixture
def rich_post(post_file):
    """The shared post with categories, a local cover with alt text, a canonical URL, a series and an inline image."""
    (post_file.parent / "cover.png").write_bytes(PNG)
    (post_file.parent / "pile.png").write_bytes(PNG + b"\0")
    _, head, body = post_file.read_text().split("---\n", 2)
    fm = {**yaml.safe_load(head), **FIELDS}
    body = body.replace("Composting at home is", "![A pile of leaves](pile.png) Composting at home is")
    post_file.write_text("---\n" + yaml.safe_dump(fm, sort_keys=False) + "---\n" + body)
    return post_file


def test_front_matter_carries_the_fields():
    post = Post(title="T", topic="t", categories=["Gardening", "Home"], cover="cover.png", cover_alt="A green compost bin",
                series="Home basics", canonical_url="https://example.org/compost/", lastmod=dt.date(2026, 12, 1))
    fm = front_matter(post)
    assert {k: fm[k] for k in FIELDS} == FIELDS and fm["lastmod"] == "2026-12-01"
    assert list(fm)[:3] == ["title", "date", "lastmod"]
    assert not {"categories", "cover", "series", "canonical_url", "lastmod"} & set(front_matter(Post(title="T", topic="t")))


def hugo(root: Path, archetype: str | None = None) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "T"\n')
    if archetype:
        (root / "archetypes").mkdir()
        (root / "archetypes" / "posts.md").write_text(archetype)
    return root


def test_hugo_fields_bundle_cover_archetype_and_lastmod(tmp_path, rich_post):
    site = hugo(tmp_path / "site", "+++\ntitle = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\n"
                                     "date = '{{ .Date }}'\nauthor = 'Sam'\nshowToc = true\ndraft = true\n+++\n")
    res = publish_post(rich_post, f"hugo:{site}")
    bundle = site / "content" / "posts" / "how-to-compost-at-home"
    assert res.location == str(bundle / "index.md") and (bundle / "cover.png").is_file() and (bundle / "pile.png").is_file()
    fm = fm_of((bundle / "index.md").read_text())
    assert fm["categories"] == ["Gardening", "Home"] and fm["cover"] == {"image": "cover.png", "alt": "A green compost bin"}
    assert fm["canonicalURL"] == "https://example.org/compost/" and fm["series"] == ["Home basics"]
    assert fm["author"] == "Sam" and fm["showToc"] is True and fm["title"] == "How to Compost at Home"  # archetype defaults
    assert "lastmod" not in fm and fm["draft"] is True
    publish_post(rich_post, f"hugo:{site}", live=True, force=True, overwrite=True)  # a re-publish
    fm = fm_of((bundle / "index.md").read_text())
    assert str(fm["lastmod"]).startswith(today()) and fm["draft"] is False


def test_hugo_cover_without_bundle_goes_to_static(tmp_path, rich_post):
    rich_post.write_text(rich_post.read_text().replace("![A pile of leaves](pile.png) ", ""))
    site = hugo(tmp_path / "site")
    res = publish_post(rich_post, f"hugo:{site}")
    assert res.location.endswith("posts/how-to-compost-at-home.md")
    assert (site / "static" / "images" / "how-to-compost-at-home" / "cover.png").is_file()
    assert fm_of(Path(res.location).read_text())["cover"]["image"] == "/images/how-to-compost-at-home/cover.png"


def jekyll(root: Path) -> Path:
    root.mkdir()
    (root / "_config.yml").write_text("title: T\n")
    return root


def test_jekyll_draft_goes_to_drafts_then_moves_to_posts(tmp_path, rich_post):
    site = jekyll(tmp_path / "site")
    dry = publish_post(rich_post, f"jekyll:{site}", dry_run=True)
    assert dry.location == str(site / "_drafts" / "how-to-compost-at-home.md") and "published:" not in dry.dry_run_text
    res = publish_post(rich_post, f"jekyll:{site}")
    draft = site / "_drafts" / "how-to-compost-at-home.md"
    assert res.location == str(draft) and not (site / "_posts").exists()
    fm = fm_of(draft.read_text())
    assert "published" not in fm and fm["categories"] == ["Gardening", "Home"] and fm["series"] == "Home basics"
    assert fm["image"] == {"path": "/assets/images/how-to-compost-at-home/cover.png", "alt": "A green compost bin"}
    assert fm["canonical_url"] == "https://example.org/compost/"
    assert (site / "assets" / "images" / "how-to-compost-at-home" / "cover.png").is_file()
    live = publish_post(rich_post, f"jekyll:{site}", live=True)
    assert live.location == str(site / "_posts" / "2026-11-20-how-to-compost-at-home.md") and not draft.exists()
    assert "last_modified_at" not in fm_of(Path(live.location).read_text())
    publish_post(rich_post, f"jekyll:{site}", live=True, force=True, overwrite=True)
    assert fm_of(Path(live.location).read_text())["last_modified_at"] == today()


class FakeWordPress:
    """/wp-json/wp/v2 posts, tags, categories and media, with basic auth."""

    def __init__(self):
        self.auth = httpx.BasicAuth("admin", "pw")._auth_header
        self.posts: dict[int, dict] = {}
        self.terms: dict[str, dict[int, str]] = {"tags": {}, "categories": {}}
        self.media: dict[int, dict] = {}
        self.requests: list[httpx.Request] = []

    def __call__(self, req: httpx.Request) -> httpx.Response:
        self.requests.append(req)
        if req.headers.get("authorization") != self.auth:
            return httpx.Response(401, json={"code": "incorrect_password"})
        path = req.url.path.removeprefix("/wp-json/wp/v2")
        kind = path.strip("/").split("/")[0]
        if kind in self.terms:
            terms = self.terms[kind]
            if req.method == "GET":
                s = req.url.params["search"].lower()
                return httpx.Response(200, json=[{"id": i, "name": n, "slug": n.lower()} for i, n in terms.items() if s in n.lower()])
            i = 100 * (1 + list(self.terms).index(kind)) + len(terms)
            terms[i] = json.loads(req.content)["name"]
            return httpx.Response(201, json={"id": i, "name": terms[i]})
        if kind == "media":
            if req.method == "GET":
                i = int(path.rsplit("/", 1)[1])
                return httpx.Response(200 if i in self.media else 404, json=self.media.get(i, {"code": "rest_post_invalid_id"}))
            if path == "/media":
                i = 500 + len(self.media)
                name = re.search(r'filename="([^"]+)"', req.headers["content-disposition"]).group(1)
                self.media[i] = {"id": i, "source_url": f"{URL}/wp-content/uploads/{name}", "bytes": len(req.content),
                                 "type": req.headers["content-type"], "alt_text": ""}
                return httpx.Response(201, json=self.media[i])
            i = int(path.rsplit("/", 1)[1])
            self.media[i].update(json.loads(req.content))
            return httpx.Response(200, json=self.media[i])
        if path == "/posts" and req.method == "GET":
            found = [p for p in self.posts.values() if p["slug"] == req.url.params["slug"]]
            return httpx.Response(200, json=[{**p, "content": {"raw": p["content"]}} for p in found])
        if path == "/posts":
            i = len(self.posts) + 1
            self.posts[i] = {**json.loads(req.content), "id": i, "link": f"{URL}/?p={i}"}
            return httpx.Response(201, json=self.posts[i])
        i = int(path.rsplit("/", 1)[1])
        if i not in self.posts:
            return httpx.Response(404, json={"code": "rest_post_invalid_id"})
        if req.method == "POST":
            self.posts[i].update(json.loads(req.content))
        return httpx.Response(200, json=self.posts[i])


@pytest.fixture
def creds(monkeypatch):
    monkeypatch.setenv("WORDPRESS_USER", "admin")
    monkeypatch.setenv("WORDPRESS_APP_PASSWORD", "pw")


def test_wordpress_categories_media_and_featured_image(tmp_path, rich_post, creds):
    wp, store = FakeWordPress(), Store(tmp_path / "log.db")
    t = httpx.MockTransport(wp)
    res = publish_post(rich_post, f"wordpress:{URL}", db=store.db, transport=t)
    post = wp.posts[res.remote_id]
    assert sorted(wp.terms["categories"].values()) == ["Gardening", "Home"] and len(post["categories"]) == 2
    assert sorted(wp.terms["tags"].values()) == ["compost", "garden"]
    by_url = {m["source_url"]: m for m in wp.media.values()}
    cover = wp.media[post["featured_media"]]
    assert cover["source_url"].endswith("cover.png") and cover["alt_text"] == "A green compost bin"
    assert cover["type"] == "image/png" and cover["bytes"] == len(PNG)
    assert f'src="{URL}/wp-content/uploads/pile.png"' in post["content"] and by_url[f"{URL}/wp-content/uploads/pile.png"]["alt_text"] == "A pile of leaves"
    assert post["content"].rstrip().endswith(MARKER)
    again = publish_post(rich_post, f"wordpress:{URL}", live=True, db=store.db, transport=t)
    assert again.action == "updated" and len(wp.posts) == 1 and len(wp.media) == 2  # images not uploaded twice
    fresh = publish_post(rich_post, f"wordpress:{URL}", db=None, transport=t)  # no log: the marker says it is ours
    assert fresh.action == "updated" and len(wp.posts) == 1


def test_wordpress_dry_run_lists_uploads_and_sends_nothing(rich_post, creds):
    wp = FakeWordPress()
    res = publish_post(rich_post, f"wordpress:{URL}", dry_run=True, transport=httpx.MockTransport(wp))
    assert "/media  (" in res.dry_run_text and "the featured image" in res.dry_run_text and "pw" not in res.dry_run_text
    assert '"categories": [\n    "Gardening"' in res.dry_run_text
    assert all(r.method == "GET" for r in wp.requests) and not wp.media and not wp.posts


def test_wordpress_never_overwrites_a_post_blogwright_did_not_write(tmp_path, post_file, creds):
    wp = FakeWordPress()
    wp.posts[1] = {"id": 1, "slug": "how-to-compost-at-home", "title": "Mine", "content": "<p>written by hand</p>",
                   "link": f"{URL}/?p=1"}
    t = httpx.MockTransport(wp)
    with pytest.raises(PublishError, match="did not publish: --overwrite replaces it"):
        publish_post(post_file, f"wordpress:{URL}", db=Store(tmp_path / "log.db").db, transport=t)
    assert wp.posts[1]["content"] == "<p>written by hand</p>" and len(wp.posts) == 1
    res = publish_post(post_file, f"wordpress:{URL}", force=True, overwrite=True, transport=t)
    assert res.action == "updated" and res.remote_id == 1 and MARKER in wp.posts[1]["content"]


WP_FILE = Path(os.environ.get("BLOGWRIGHT_WP_FILE", "/tmp/blogwright-wp/credentials.json"))


@pytest.mark.skipif(os.environ.get("BLOGWRIGHT_WP_TESTS") != "1", reason="set BLOGWRIGHT_WP_TESTS=1 after .ci/services.sh")
def test_real_wordpress_categories_featured_image_and_foreign_post(tmp_path, rich_post, monkeypatch):
    cfg = json.loads(WP_FILE.read_text())
    monkeypatch.setenv("WORDPRESS_USER", cfg["user"])
    monkeypatch.setenv("WORDPRESS_APP_PASSWORD", cfg["app_password"])
    api, auth = cfg["url"].rstrip("/") + "/wp-json/wp/v2", (cfg["user"], cfg["app_password"])
    slug = f"bw-fields-{os.getpid()}-{tmp_path.name[-6:]}"
    rich_post.write_text(rich_post.read_text().replace("slug: how-to-compost-at-home", f"slug: {slug}"))
    store = Store(tmp_path / "log.db")
    res = publish_post(rich_post, f"wordpress:{cfg['url']}", db=store.db)
    got = httpx.get(f"{api}/posts/{res.remote_id}", params={"context": "edit"}, auth=auth).json()
    names = {c["name"] for c in httpx.get(f"{api}/categories", params={"include": ",".join(map(str, got["categories"]))}).json()}
    assert names == {"Gardening", "Home"}
    media = httpx.get(f"{api}/media/{got['featured_media']}", params={"context": "edit"}, auth=auth).json()
    assert media["alt_text"] == "A green compost bin" and media["mime_type"] == "image/png"
    assert "/wp-content/uploads/" in got["content"]["raw"] and MARKER in got["content"]["raw"]
    # a post with the same slug made outside blogwright is not overwritten without --force
    foreign_slug = slug + "-foreign"
    made = httpx.post(f"{api}/posts", json={"title": "By hand", "slug": foreign_slug, "content": "<p>mine</p>",
                                            "status": "draft"}, auth=auth).json()
    rich_post.write_text(rich_post.read_text().replace(f"slug: {slug}", f"slug: {foreign_slug}"))
    with pytest.raises(PublishError, match="did not publish"):
        publish_post(rich_post, f"wordpress:{cfg['url']}", db=store.db)
    assert httpx.get(f"{api}/posts/{made['id']}", params={"context": "edit"}, auth=auth).json()["content"]["raw"] == "<p>mine</p>"
    forced = publish_post(rich_post, f"wordpress:{cfg['url']}", db=store.db, force=True, overwrite=True)
    assert forced.remote_id == made["id"] and forced.action == "updated"


def test_seo_blocks_publishing_only_when_asked(tmp_path, post_file, _isolated_home):
    site = jekyll(tmp_path / "site")
    assert publish_post(post_file, f"jekyll:{site}", dry_run=True).action == "dry-run"  # advisory by default
    (_isolated_home / "config.yaml").write_text(
        "gates:\n  blocking: [glued, repetition, leaks, structure, length, on_topic, seo]\n")
    config._load.cache_clear()
    with pytest.raises(BadInput, match="fails blocking quality gates: seo"):  # its description is 51 characters
        publish_post(post_file, f"jekyll:{site}", dry_run=True)
