"""Web app fixtures: the app on the fake backend, driven in-process (Starlette TestClient)."""

from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from blogwright.backends.fake import FakeBackend
from blogwright.checks import GateConfig
from blogwright.web import Settings, create_app

BASE = "http://127.0.0.1:8000"


def fake_factory(delay: float = 0.0, made: list | None = None):
    def make(spec: str) -> FakeBackend:
        backend = FakeBackend(delay=delay, model=f"fake-{spec}")
        if made is not None:
            made.append(backend)
        return backend
    return make


@pytest.fixture
def make_client(tmp_path):
    clients = []

    def make(delay: float = 0.0, made: list | None = None, **kw) -> TestClient:
        settings = Settings(model="fake", out_dir=tmp_path / "posts", backend_factory=fake_factory(delay, made),
                            gates=GateConfig(embeddings=False), **kw)
        client = TestClient(create_app(settings), base_url=BASE, headers={"Origin": BASE})  # what a browser sends
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


def start(client: TestClient, topic: str = "Composting at home", **fields) -> str:
    r = client.post("/write", data={"topic": topic, "voice": "plain-expert", "words": "300", "model": "fake", **fields},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.headers["location"].rsplit("/", 1)[1]


def wait(client: TestClient, job_id: str, until=lambda s: s["status"] != "running", timeout: float = 60) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        state = client.get(f"/api/jobs/{job_id}").json()
        if until(state):
            return state
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not get there in {timeout} s: {state}")
