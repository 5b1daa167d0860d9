"""Issue 18 #4, #8, #12 (web): no cross-site writes (Origin: null included), every bad request a 4xx
with a message, never a 500, and the form reads files only from allowed folders."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from blogwright.store import Store

from .conftest import BASE, start, wait


@pytest.fixture
def done_job(client):
    job = start(client)
    wait(client, job)
    return job


def bare(client: TestClient, **headers) -> TestClient:
    """The same app, as another page or a script would reach it: no default Origin."""
    return TestClient(client.app, base_url=BASE, headers=headers)


@pytest.mark.parametrize("headers", [{"Origin": "null"}, {}, {"Origin": "http://evil.example"},
                                     {"Referer": "http://evil.example/page"},
                                     {"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "http://127.0.0.1:8000.evil.example"}])
def test_state_changing_requests_must_come_from_this_servers_pages(client, done_job, headers):
    other = bare(client, **headers)
    r = other.post("/write", data={"topic": "Composting", "model": "fake"}, follow_redirects=False)
    assert r.status_code == 403 and "cross-site request refused" in r.text
    r = other.post(f"/api/posts/{done_job}/parts/s0", content=json.dumps({"text": "pwned"}),
                   headers={"Content-Type": "text/plain"})
    assert r.status_code == 403
    r = other.post(f"/api/posts/{done_job}/publish", json={"target": "hugo:/tmp"})
    assert r.status_code == 403
    assert "pwned" not in client.get(f"/posts/{done_job}/export.md").text
    assert other.get("/healthz").status_code == 200  # reading is fine


def test_same_origin_referer_and_a_token_carrying_script_are_accepted(make_client):
    client = make_client()
    r = bare(client, Referer=f"{BASE}/").post("/write", data={"topic": "Composting", "model": "fake"},
                                               follow_redirects=False)
    assert r.status_code == 303
    tokened = make_client(token="s3cret")
    script = TestClient(tokened.app, base_url=BASE, headers={"Authorization": "Bearer s3cret"})
    assert script.post("/write", data={"topic": "Composting", "model": "fake"}, follow_redirects=False).status_code == 303
    wrong = TestClient(tokened.app, base_url=BASE, headers={"Cookie": "bw_token=s3cret"})
    assert wrong.post("/write", data={"topic": "Composting"}).status_code == 403  # a cookie alone is what CSRF rides on


def test_another_loopback_address_is_served(make_client):
    client = make_client()
    other = TestClient(client.app, base_url="http://127.0.0.2:8000")
    assert other.get("/healthz").status_code == 200
    assert TestClient(client.app, base_url="http://127.0.0.1.nip.io:8000").get("/healthz").status_code == 421


@pytest.mark.parametrize("last_id", ["abc", "9" * 5000, "²", "-1", "1.5", " 3 "])
def test_odd_last_event_ids_are_400_or_read(client, done_job, last_id):
    r = client.get(f"/api/jobs/{done_job}/events", headers={"Last-Event-ID": last_id.encode()})
    assert r.status_code in (200, 400), r.text
    if r.status_code == 400:
        assert "event number" in r.json()["error"]


def test_a_last_event_id_past_the_end_ends_the_stream(client, done_job):
    r = client.get(f"/api/jobs/{done_job}/events", headers={"Last-Event-ID": "999999"})
    assert r.status_code == 200 and "event: end" in r.text and "keep-alive" not in r.text


def test_a_chunked_body_over_the_limit_is_refused(client):
    def chunks():
        for _ in range(25):
            yield b"topic=" + b"a" * 50_000
    r = client.post("/write", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "too large" in r.text
    r = client.post("/write", content=b"x", headers={"content-length": "abc"})
    assert r.status_code in (400, 413)


@pytest.mark.parametrize("body,status,message", [
    ({"text": None}, 400, "'text' is missing"),
    ({"text": 5}, 400, "'text' must be a JSON string"),
    ({"text": ["a"]}, 400, "must be a JSON string"),
    ({"text": "ok", "instruction": {"x": 1}}, 400, "'instruction' must be a JSON string"),
    ({"text": "ok", "origin": 7}, 400, "'origin' must be a JSON string"),
])
def test_json_types_are_checked(client, done_job, body, status, message):
    before = client.get(f"/posts/{done_job}/export.md").text
    r = client.post(f"/api/posts/{done_job}/parts/s0", json=body)
    assert r.status_code == status and message in r.json()["error"], r.text
    after = client.get(f"/posts/{done_job}/export.md").text
    assert after == before and "\nNone\n" not in after


def test_deep_nesting_lone_surrogates_and_junk_are_not_500(client, done_job):
    deep = "[" * 100_000 + "]" * 100_000
    for raw in (deep, '{"text": ' + deep + "}", "\x00\xff", "not json", "[1, 2]"):
        r = client.post(f"/api/posts/{done_job}/parts/s0", content=raw.encode("utf-8", "surrogatepass"),
                        headers={"Content-Type": "application/json"})
        assert r.status_code == 400, (raw[:20], r.status_code, r.text[:200])
    r = client.post(f"/api/posts/{done_job}/parts/s0", content=b'{"text": "caf\\ud800 text about compost"}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    assert "caf\ufffd text about compost" in client.get(f"/posts/{done_job}/export.md").text
    for url, body in ((f"/api/posts/{done_job}/parts/s0/regenerate", {"instruction": 3}),
                      (f"/api/posts/{done_job}/publish", {"target": None}),
                      (f"/api/posts/{done_job}/publish", {"target": "hugo:/nowhere", "live": "yes"})):
        r = client.post(url, json=body)
        assert r.status_code == 400 and r.json()["error"], r.text


def test_the_form_reads_files_only_from_allowed_folders(make_client, tmp_path):
    secret = tmp_path / "secret" / "notes.md"
    secret.parent.mkdir()
    secret.write_text("# Secret\n\nThe password is hunter2 and more words here for a source.\n")
    client = make_client()
    for fields, what in (({"sources": str(secret)}, "source"), ({"voice": "/etc/passwd"}, "voice file"),
                         ({"model": "local:/etc/passwd"}, "model file"), ({"model": "fake:/etc/hostname"}, "model file"),
                         ({"sources": "relative/path.md"}, "source")):
        r = client.post("/write", data={"topic": "Composting", "model": "fake", **fields})
        assert r.status_code == 400 and what in r.text, (fields, r.text[:300])
    allowed = make_client(allow_dirs=[secret.parent])
    job = start(allowed, sources=str(secret))
    assert wait(allowed, job)["status"] == "done"


def test_a_binary_voice_file_in_an_allowed_folder_is_a_400(make_client, tmp_path):
    client = make_client(allow_dirs=[tmp_path])
    voice = tmp_path / "v.yaml"
    voice.write_bytes(b"\x00\x01\xff\xfe" * 100)
    r = client.post("/write", data={"topic": "Composting", "model": "fake", "voice": str(voice)})
    assert r.status_code == 400 and "binary" in r.text


def test_errors_shown_by_the_api_are_redacted(client, done_job):
    r = client.post(f"/api/posts/{done_job}/publish", json={"target": "wordpress:http://admin:hunter2@127.0.0.1:9"})
    assert r.status_code == 400 and "hunter2" not in r.text
    assert Store().run(done_job) is not None


def test_the_page_publishes_only_inside_its_allowed_folders(client, done_job, tmp_path):
    """Issue 27 #5: the page read only from allowed folders but published to any `hugo:/any/site`."""
    site = tmp_path / "elsewhere"
    site.mkdir()
    (site / "hugo.toml").write_text('baseURL = "http://example.org/"\n')
    r = client.post(f"/api/posts/{done_job}/publish", json={"target": f"hugo:{site}", "force": True})
    assert r.status_code == 400 and "outside the folders this server may write to" in r.json()["error"]
    assert not list(site.rglob("*.md"))


def test_the_page_sends_wordpress_credentials_to_public_addresses_only(client, done_job, monkeypatch):
    monkeypatch.setenv("WORDPRESS_USER", "admin")
    monkeypatch.setenv("WORDPRESS_APP_PASSWORD", "hunter2 hunter2")
    for target in ("wordpress:http://169.254.169.254", "wordpress:http://127.0.0.1:9", "wordpress:http://[::1]:9"):
        r = client.post(f"/api/posts/{done_job}/publish", json={"target": target, "force": True})
        assert r.status_code == 400 and "not a public address" in r.json()["error"], r.text
