"""Loopback by default, a token elsewhere, no foreign Host or Origin, bounded bodies."""

from __future__ import annotations

import socket

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from blogwright.cli import app as cli
from blogwright.core.errors import BadInput
from blogwright.web.security import is_loopback
from blogwright.web.server import check_port, url_for


def test_loopback_names():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.com")


def test_token_is_required_off_loopback(make_client):
    client = make_client(token="s3cret", loopback=False)
    assert client.get("/").status_code == 401
    assert client.get("/?token=wrong").status_code == 401
    r = client.get("/?token=s3cret")
    assert r.status_code == 200 and "bw_token=s3cret" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
    assert client.get("/library").status_code == 200  # the cookie now carries it
    other = TestClient(client.app, base_url="http://192.168.1.5:8000")
    assert other.get("/healthz").status_code == 401
    assert other.get("/healthz", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_loopback_refuses_other_host_names(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200
    r = client.get("/healthz", headers={"Host": "evil.example:8000"})
    assert r.status_code == 421 and "localhost only" in r.text


def test_cross_site_posts_are_refused(client):
    r = client.post("/write", data={"topic": "x"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/write", data={"topic": "Composting"}, headers={"Origin": "http://127.0.0.1:8000"},
                    follow_redirects=False)
    assert r.status_code == 303


def test_request_bodies_are_bounded(client):
    r = client.post("/write", content=b"topic=" + b"a" * 1_200_000,
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413

    def chunks():  # no Content-Length: the app counts
        for _ in range(30):
            yield b"a" * 50_000
    r = client.post("/api/posts/x/parts/s0", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 400 and "too large" in r.json()["error"]


def test_busy_port_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(BadInput, match="choose another with --port"):
            check_port("127.0.0.1", port)
        r = CliRunner().invoke(cli, ["serve", "--port", str(port)])
        assert r.exit_code == 2 and "choose another with --port" in r.output


def test_address_shown_carries_the_token():
    assert url_for("127.0.0.1", 8000, None) == "http://127.0.0.1:8000/"
    assert url_for("10.0.0.5", 9000, "abc") == "http://10.0.0.5:9000/?token=abc"


@pytest.mark.parametrize("args,message", [(["--model", "gpt9000"], "unknown model spec"),
                                          (["--port", "70000"], "between 1 and 65535")])
def test_bad_serve_options_are_one_line_errors(args, message):
    r = CliRunner().invoke(cli, ["serve", *args])
    assert r.exit_code == 2 and message in r.output


def test_serve_refuses_an_out_folder_that_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    r = CliRunner().invoke(cli, ["serve", "--out", str(f)])
    assert r.exit_code == 2 and "is a file" in r.output
