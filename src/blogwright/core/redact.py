"""Secrets out of text that is printed or stored: `redact(text)` (a pure function).

Used by the CLI's error printer, the log (every stored error, and the run's settings), and the web
app's error answers. It removes:
- the user-info part of URLs: `http://user:password@host/v1` -> `http://***@host/v1`;
- `Authorization:` / `Proxy-Authorization:` header values, `Bearer ...` and `Basic ...` tokens;
- `api_key=...`, `"password": "..."`, `token: ...` style pairs (api-key, apikey, secret, password,
  passwd, app_password, access_token, ...), in headers, query strings, JSON and YAML;
- strings that look like API keys (`sk-...`, `ghp_...`, `xox.-...`, `AKIA...`);
- any of the `secrets` passed in (the values of the API key and passwords in use).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["MASK", "is_redacted", "redact", "redact_url", "redact_value"]

MASK = "<redacted>"

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]{1,20}://)([^/\s@?#\"'<>]+@)")
_AUTH_HEADER = re.compile(r"(?i)\b((?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?)(?:[A-Za-z]+\s+)?[^\s\"',;}]+")
_SCHEME_TOKEN = re.compile(r"(?i)\b(bearer|basic|token)(\s+)[A-Za-z0-9._~+/=\-]{6,}")
_KEY_NAMES = (r"api[_\-]?key|apikey|x-api-key|api[_\-]?token|access[_\-]?token|refresh[_\-]?token|auth[_\-]?token"
              r"|client[_\-]?secret|secret[_\-]?key|secret|password|passwd|pwd|app[_\-]?password|token")
_KEY_VALUE = re.compile(
    r"(?i)((?<![/\\.~])[\"']?\b(?:" + _KEY_NAMES + r")\b[\"']?\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\s&,;}\]\"']+)")
_KEY_LIKE = re.compile(r"\b(sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{8,}|ghp_[A-Za-z0-9]{20,}|gh[ousr]_[A-Za-z0-9]{20,}"
                       r"|xox[abprs]-[A-Za-z0-9\-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_\-]{30,})")


def _key_value(m: re.Match[str]) -> str:
    value = m.group(2)
    if value in ("", '""', "''") or value == MASK or value.strip("\"'") == MASK:
        return m.group(0)
    quote = value[0] if value[0] in "\"'" else ""
    return f"{m.group(1)}{quote}{MASK}{quote}"


def redact_url(url: str) -> str:
    """A URL without its user name and password."""
    return _USERINFO.sub(r"\1***@", url)


def is_redacted(text: str) -> bool:
    """True when `text` went through `redact` and lost something (`***@` user info or `<redacted>`):
    it must not be used as a setting (a URL with `***` as its password)."""
    return "://***@" in text or MASK in text


def redact_value(value: Any, secrets: Iterable[str | None] = ()) -> Any:
    """`redact` applied to every string inside a JSON-like value (dicts, lists): for settings that are
    printed (`config show`, `--json` output)."""
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {k: redact_value(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(v, secrets) for v in value]
    return value


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with credentials replaced by `<redacted>` (see the module doc)."""
    if not text:
        return text
    out = str(text)
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        out = out.replace(secret, MASK)
    out = _USERINFO.sub(r"\1***@", out)
    out = _AUTH_HEADER.sub(lambda m: m.group(1) + MASK, out)
    out = _SCHEME_TOKEN.sub(lambda m: m.group(1) + m.group(2) + MASK, out)
    out = _KEY_VALUE.sub(_key_value, out)
    out = _KEY_LIKE.sub(MASK, out)
    return out
