"""Issue 18 #5 (YAML alias bombs) and #11 (secrets): one safe YAML load, one redaction function."""

from __future__ import annotations

import time

import pytest

from blogwright.core.errors import BadInput
from blogwright.core.redact import MASK, redact, redact_url
from blogwright.core.sanitize import clean_text
from blogwright.core.yamlsafe import load_yaml


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijk"[:levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_it_is_built():
    t0 = time.perf_counter()
    with pytest.raises(BadInput, match="aliases expand to more than 100,000 values"):
        load_yaml(billion_laughs(), "front matter")
    assert time.perf_counter() - t0 < 2


@pytest.mark.parametrize("text,match", [
    ("a: &a [*a]", "refers to the value it is inside of"),
    ("[" * 5000 + "]" * 5000, "nested deeper than 64"),
    ("x: !!python/object/apply:os.system ['true']", "not valid YAML"),
    ("a: [unclosed", "not valid YAML"),
    ("\n".join(f"k{i}: &x{i} v" for i in range(150)) + "\n" + "\n".join(f"r{i}: *x{i}" for i in range(150)),
     "more than 100 YAML aliases"),
])
def test_hostile_yaml_is_one_bad_input(text, match):
    with pytest.raises(BadInput, match=match):
        load_yaml(text, "front matter")


def test_ordinary_yaml_with_a_few_aliases_loads():
    assert load_yaml("base: &b {x: 1}\na: *b\nb: [*b, *b]\n") == {"base": {"x": 1}, "a": {"x": 1}, "b": [{"x": 1}, {"x": 1}]}
    assert load_yaml("") is None


@pytest.mark.parametrize("text,secret", [
    ("cannot reach the server at http://user:hunter2@127.0.0.1:9/v1: refused", "hunter2"),
    ('HTTP 400: {"headers": {"Authorization": "Bearer sk-live-abcdef123456"}}', "sk-live-abcdef123456"),
    ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
    ("GET /v1/models?api_key=abcd1234efgh&x=1", "abcd1234efgh"),
    ('{"password": "correct horse"}', "correct horse"),
    ("wordpress: {user: me, app_password: 'abcd efgh ijkl'}", "abcd efgh ijkl"),
    ("the key was sk-proj-AAAAAAAAAAAAAAAAAAAA", "sk-proj-AAAAAAAAAAAAAAAAAAAA"),
    ("token=ghp_abcdefghijklmnopqrstuvwxyz0123", "ghp_abcdefghijklmnopqrstuvwxyz0123"),
])
def test_secrets_are_redacted(text, secret):
    out = redact(text)
    assert secret not in out and MASK in out or "***@" in out


def test_redaction_keeps_ordinary_text_and_removes_given_secrets():
    for text in ("the tokens per second", "password reset flows", "Bearer of bad news", "https://example.org/a?b=1"):
        assert redact(text) == text
    assert redact("it was swordfish42", ["swordfish42"]) == f"it was {MASK}"
    assert redact_url("https://me:pw@example.org/v1") == "https://***@example.org/v1"


def test_control_characters_and_lone_surrogates_are_cleaned():
    assert clean_text("A\x1b[31mtitle\x07 \udcff") == "A[31mtitle \ufffd"
    assert clean_text("a\nb", newlines=False) == "a b"
