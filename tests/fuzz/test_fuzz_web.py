"""Fuzz: the web API's JSON and forms, headers and paths. Any request gets an answer below 500
(a 4xx carries a message), quickly; the post is never corrupted by a bad request."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from blogwright.backends.fake import FakeBackend
from blogwright.checks import GateConfig
from blogwright.web import Settings, create_app

from .conftest import NASTY

BASE = "http://127.0.0.1:8000"
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.sampled_from(NASTY),
                    st.text(max_size=40))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                           max_leaves=12)
FIELDS = ["text", "origin", "instruction", "target", "live", "force"]
objects = st.dictionaries(st.sampled_from(FIELDS + ["x"]), json_values, max_size=5)


@pytest.fixture
def served(_isolated_home):
    home = _isolated_home
    settings_ = Settings(model="fake", out_dir=home / "posts", gates=GateConfig(embeddings=False),
                         backend_factory=lambda spec: FakeBackend(model=f"fake-{spec}"))
    client = TestClient(create_app(settings_), base_url=BASE, headers={"Origin": BASE})
    client.__enter__()
    r = client.post("/write", data={"topic": "Composting at home", "words": "300", "model": "fake"}, follow_redirects=False)
    job = r.headers["location"].rsplit("/", 1)[1]
    for _ in range(600):
        if client.get(f"/api/jobs/{job}").json()["status"] != "running":
            break
        time.sleep(0.05)
    yield client, job
    client.__exit__(None, None, None)


def answered(r) -> None:
    assert r.status_code < 500, (r.status_code, r.text[:300])
    if 400 <= r.status_code < 500 and r.headers.get("content-type", "").startswith("application/json"):
        assert r.json().get("error"), r.text


@settings(max_examples=300)
@given(st.sampled_from(["parts/s0", "parts/intro", "parts/conclusion", "parts/s0/regenerate", "publish", "save",
                        "parts/s99", "parts/%2e%2e", "parts/s0/revert"]),
       st.one_of(objects.map(lambda o: json.dumps(o).encode()), json_values.map(lambda v: json.dumps(v).encode()),
                 st.binary(max_size=200), st.sampled_from([b"[" * 50_000, b'{"text": "\\ud800"}', b"", b"null"])),
       st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"]))
def test_any_json_to_any_endpoint(served, path, body, ctype):
    client, job = served
    if path == "publish":  # never publish for real from a fuzz run: only to a folder that is not a site
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict) and isinstance(data.get("target"), str):
            return
    t0 = time.perf_counter()
    answered(client.post(f"/api/posts/{job}/{path}", content=body, headers={"Content-Type": ctype}))
    assert time.perf_counter() - t0 < 30
    assert client.get(f"/posts/{job}/export.md").status_code == 200


@settings(max_examples=150)
@given(st.dictionaries(st.sampled_from(["topic", "request", "voice", "audience", "words", "keywords", "notes",
                                        "sources", "model", "candidates", "seed", "x"]),
                       st.one_of(st.sampled_from(NASTY), st.text(max_size=60),
                                 st.sampled_from(["fake", "fake:/etc/passwd", "local:/etc/passwd", "/etc/passwd",
                                                  "0", "99999999", "-1", "snarky-mentor", "expert"])), max_size=8))
def test_any_form(served, form):
    client, _ = served
    form = {**form, "model": form.get("model", "fake")}
    if not str(form["model"]).startswith("fake"):
        form["model"] = "fake"  # no real model is loaded in a fuzz run
    r = client.post("/write", data={k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
                                    for k, v in form.items()}, follow_redirects=False)
    answered(r)
    if r.status_code == 303:
        client.post(f"/api/jobs/{r.headers['location'].rsplit('/', 1)[1]}/cancel")


@settings(max_examples=150)
@given(st.one_of(st.text(max_size=30), st.sampled_from(NASTY)), st.sampled_from(["events", "cancel", ""]),
       st.one_of(st.none(), st.text(alphabet="0123456789abc-²", max_size=30), st.just("9" * 5000)))
def test_any_job_id_and_last_event_id(served, job_id, what, last):
    client, job = served
    ident = job if job_id == "" else quote(job_id.encode("utf-8", "surrogatepass"), safe="")  # as a browser sends it
    url = f"/api/jobs/{ident}/{what}".rstrip("/")
    headers = {"Last-Event-ID": last.encode()} if last is not None else {}
    r = client.post(url, headers=headers) if what == "cancel" else client.get(url, headers=headers)
    answered(r)
    for page in (f"/write/{ident}", f"/posts/{ident}", f"/posts/{ident}/export.html"):
        answered(client.get(page))
