"""Fuzz (issue 27): a hostile model server's answers (whole and streamed), damaged log databases,
config values, stdin bytes and IP addresses. Every example ends in one line or a result, quickly;
never a traceback."""

from __future__ import annotations

import io
import ipaddress
import json
import shutil
import time

import pytest
from bench.hostile_model import OK, HostileModel
from hypothesis import given, settings
from hypothesis import strategies as st

from blogwright.backends.base import GenParams, Message
from blogwright.backends.openai_compat import OpenAIBackend
from blogwright.core import config, http
from blogwright.core.errors import BackendError, BadInput
from blogwright.core.io import read_line, read_stdin
from blogwright.store import Store

from .conftest import NASTY

MSGS = [Message("user", "Write about compost.")]
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(NASTY), st.text(max_size=30))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=10)


def mutate(base: dict, path: list[str], value) -> dict:
    """`base` (deep-copied) with the value at `path` replaced: wrong types in the right places."""
    data = json.loads(json.dumps(base))
    node = data
    for key in path[:-1]:
        node = node[key]
        node = node[0] if isinstance(node, list) else node
    node[path[-1]] = value
    return data


PLACES = [["usage"], ["usage", "prompt_tokens"], ["usage", "completion_tokens"], ["choices"], ["model"],
          ["choices", "message"], ["choices", "finish_reason"], ["choices", "message", "content"]]
bodies = st.one_of(values, st.builds(mutate, st.just(OK), st.sampled_from(PLACES), values))
events = st.lists(st.one_of(values, st.builds(lambda d: {"choices": [{"delta": d}]}, values),
                            st.builds(lambda c: {"choices": [{"delta": {"content": c}}]}, values)), max_size=4)


@pytest.fixture(scope="module")
def server():
    with HostileModel() as srv:
        yield srv


def ended_well(call) -> None:
    t0 = time.monotonic()
    try:
        call()
    except BackendError as exc:
        assert str(exc) and "\n" not in str(exc)
    assert time.monotonic() - t0 < 10


@settings(max_examples=80)
@given(body=bodies)
def test_any_answer_body_is_a_completion_or_one_line(server, body):
    server.mode = ("raw", 200, {}, json.dumps(body, allow_nan=True).encode())  # as given, NaN and all
    backend = OpenAIBackend("x", base_url=server.url, max_attempts=1, timeout=5)
    ended_well(lambda: backend.complete(MSGS, GenParams(max_tokens=20)))


@settings(max_examples=50)
@given(chunks=events)
def test_any_stream_is_text_or_one_line(server, chunks):
    server.mode = ("stream", chunks)
    backend = OpenAIBackend("x", base_url=server.url, max_attempts=1, timeout=5)
    ended_well(lambda: backend.stream(MSGS, GenParams(max_tokens=20)).consume())


@pytest.fixture(scope="module")
def good_log(tmp_path_factory):
    path = tmp_path_factory.mktemp("log") / "log.db"
    with Store(path) as s:
        for i in range(20):
            s.start_run(f"2026-{i}", f"topic {i}", {"topic": "t", "x": "y" * 1000}, "fake", "fake")
            s.save_draft(f"2026-{i}", "intro", None, "z" * 2000)
            s.finish_run(f"2026-{i}", "done", post={"title": "t"})
    return path


@settings(max_examples=40)
@given(cuts=st.lists(st.tuples(st.integers(0, 120_000), st.binary(min_size=1, max_size=600)), max_size=4),
       truncate=st.one_of(st.none(), st.integers(0, 120_000)))
def test_a_damaged_log_reads_or_is_one_line(good_log, tmp_path_factory, cuts, truncate):
    path = tmp_path_factory.mktemp("bad") / "log.db"
    shutil.copy(good_log, path)
    data = bytearray(path.read_bytes())
    for offset, junk in cuts:
        data[offset:offset + len(junk)] = junk
    if truncate is not None:
        data = data[:truncate]
    path.write_bytes(bytes(data))
    try:
        with Store(path) as s:
            s.runs(50, search="topic")
            s.run("2026-3")
            s.logged_post("2026-3")
            s.start_run("new-run", "t", {}, "fake", "fake")
    except BadInput as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)


@settings(max_examples=60)
@given(key=st.sampled_from(["openai.timeout", "ollama.timeout", "openai.send_llama_params",
                            "network.allow_private_urls", "openai.base_url"]), value=values)
def test_a_config_value_is_saved_and_usable_or_refused(_isolated_home, key, value):
    try:
        config.set_value(key, value)
    except BadInput as exc:
        assert "\n" not in str(exc)
        return
    config._load.cache_clear()
    try:
        config.section(key.split(".")[0])
        OpenAIBackend.from_settings(model="m", base_url="http://127.0.0.1:9/v1").close()
    except (BadInput, BackendError) as exc:
        pytest.fail(f"{key}={value!r} was saved but then refused: {exc}")
    finally:
        config.unset_value(key)


@settings(max_examples=80)
@given(data=st.binary(max_size=3000))
def test_any_bytes_on_stdin_are_text_or_one_line(data):
    for read in (lambda: read_stdin(stream=io.BytesIO(data)), lambda: read_line(stream=io.BytesIO(data))):
        try:
            text = read()
        except BadInput as exc:
            assert "\n" not in str(exc)
        else:
            assert isinstance(text, str)


@settings(max_examples=300)
@given(v4=st.integers(0, 2**32 - 1), form=st.sampled_from(["plain", "mapped", "nat64", "6to4", "compat"]))
def test_an_ipv4_address_is_judged_the_same_inside_ipv6(v4, form):
    ip4 = ipaddress.IPv4Address(v4)
    wrapped = {"plain": ip4, "mapped": ipaddress.IPv6Address(f"::ffff:{ip4}"),
               "nat64": ipaddress.IPv6Address((0x64FF9B << 96) | v4),
               "6to4": ipaddress.IPv6Address((0x2002 << 112) | (v4 << 80)),
               "compat": ipaddress.IPv6Address(v4)}[form]
    if http.address_problem(ip4):
        assert http.address_problem(wrapped), (form, str(wrapped))


@settings(max_examples=200)
@given(v6=st.integers(0, 2**128 - 1))
def test_any_ipv6_address_is_judged_without_error(v6):
    problem = http.address_problem(ipaddress.IPv6Address(v6))
    assert problem is None or isinstance(problem, str)
