"""WordPress with a cover given as a URL (`write --cover https://...`): the image is fetched (from a
public host only, an image only, bounded), uploaded to the media library and made the featured image,
as a local cover is. The fake WordPress and the image host share one `httpx.MockTransport`."""

from __future__ import annotations

import httpx
import pytest
import yaml

from blogwright.core import http
from blogwright.publish import publish_post
from blogwright.store import Store

from .test_blogger_fields import PNG, URL, FakeWordPress

COVER = "https://images.example/photos/compost%20bin.png"


class Sites:
    """The fake WordPress at wp.test and an image host at images.example (anything it is asked for)."""

    def __init__(self, image: bytes = PNG, status: int = 200, headers: dict | None = None):
        self.wp = FakeWordPress()
        self.image, self.status, self.headers = image, status, headers or {}
        self.fetched: list[httpx.Request] = []

    def __call__(self, req: httpx.Request) -> httpx.Response:
        if req.url.host == "wp.test":
            return self.wp(req)
        self.fetched.append(req)
        return httpx.Response(self.status, content=self.image, headers=self.headers)


@pytest.fixture
def creds(monkeypatch):
    monkeypatch.setenv("WORDPRESS_USER", "admin")
    monkeypatch.setenv("WORDPRESS_APP_PASSWORD", "pw")


@pytest.fixture
def public_dns(monkeypatch):
    """images.example resolves to a public address; evil.example to the loopback."""
    table = {"images.example": ["93.184.216.34"], "evil.example": ["127.0.0.1"], "lan.example": ["192.168.1.5"],
             "meta.example": ["169.254.169.254"], "v6.example": ["::1"]}
    monkeypatch.setattr(http, "resolve", lambda host, port=None: table[host])


def with_cover(post_file, cover: str, alt: str = "A green compost bin"):
    _, head, body = post_file.read_text().split("---\n", 2)
    fm = {**yaml.safe_load(head), "cover": {"image": cover, "alt": alt}}
    post_file.write_text("---\n" + yaml.safe_dump(fm, sort_keys=False) + "---\n" + body)
    return post_file


def test_a_cover_url_becomes_the_featured_image(tmp_path, post_file, creds, public_dns):
    sites, store = Sites(), Store(tmp_path / "log.db")
    res = publish_post(with_cover(post_file, COVER), f"wordpress:{URL}", db=store.db, transport=httpx.MockTransport(sites))
    post = sites.wp.posts[res.remote_id]
    media = sites.wp.media[post["featured_media"]]
    assert media["source_url"] == f"{URL}/wp-content/uploads/compost-bin.png" and media["bytes"] == len(PNG)
    assert media["type"] == "image/png" and media["alt_text"] == "A green compost bin"
    assert [str(r.url) for r in sites.fetched] == [COVER]
    assert "authorization" not in sites.fetched[0].headers  # the WordPress password never goes to the image host
    again = publish_post(post_file, f"wordpress:{URL}", db=store.db, transport=httpx.MockTransport(sites))
    assert again.action == "updated" and len(sites.wp.media) == 1  # the same image is not uploaded twice


def test_a_dry_run_names_the_fetch_and_contacts_nobody(post_file, creds, public_dns):
    sites = Sites()
    res = publish_post(with_cover(post_file, COVER), f"wordpress:{URL}", dry_run=True, transport=httpx.MockTransport(sites))
    assert f"GET {COVER}, then POST {URL}/wp-json/wp/v2/media" in res.dry_run_text and "the featured image" in res.dry_run_text
    assert not sites.fetched and not sites.wp.media


@pytest.mark.parametrize("cover, sites, why", [
    ("https://evil.example/x.png", Sites(), "loopback"),
    ("https://lan.example/x.png", Sites(), "private"),
    ("http://meta.example/latest/meta-data", Sites(), "local address"),
    ("https://v6.example/x.png", Sites(), "loopback"),
    (COVER, Sites(image=b"<svg onload=alert(1)></svg>"), "not a PNG"),
    (COVER, Sites(image=b"secret=1\n"), "not a PNG"),
    (COVER, Sites(status=404), "HTTP 404"),
    (COVER, Sites(status=302, headers={"location": "https://evil.example/x.png"}), "loopback"),
])
def test_a_cover_that_may_not_be_fetched_is_a_note_and_no_featured_image(post_file, creds, public_dns, cover, sites, why):
    res = publish_post(with_cover(post_file, cover), f"wordpress:{URL}", transport=httpx.MockTransport(sites))
    post = sites.wp.posts[res.remote_id]
    assert "featured_media" not in post and not sites.wp.media
    assert any(why in n and "no featured image" in n for n in res.notes), res.notes
    assert all(r.url.host != "evil.example" for r in sites.fetched)  # a redirect to the loopback is not followed


def test_an_image_over_the_limit_is_not_read_to_the_end(post_file, creds, public_dns, monkeypatch):
    monkeypatch.setenv("BLOGWRIGHT_MAX_IMAGE_BYTES", "1000")
    sites = Sites(image=PNG + b"\0" * 5000)
    res = publish_post(with_cover(post_file, COVER), f"wordpress:{URL}", transport=httpx.MockTransport(sites))
    assert any("limit for a cover image" in n for n in res.notes) and not sites.wp.media, res.notes
