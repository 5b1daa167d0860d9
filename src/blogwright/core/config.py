"""The user's config file (YAML; `blogwright config path` says where): defaults for flags.

    default_model: ollama:llama3.1   # what --model means when it is not given (after $BLOGWRIGHT_MODEL)
    openai:
      base_url: http://127.0.0.1:8080/v1
      api_key: sk-...
      model: llama3
    ollama:
      base_url: http://127.0.0.1:11434
    wordpress: {user: me, app_password: ...}
    prices:           # dollars per million tokens (input, output), for `blogwright runs`
      "llm:gpt-4o-mini": [0.15, 0.60]
    gates:            # quality-gate thresholds (see `blogwright check --help`)
      ...
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from blogwright.core.errors import BadInput
from blogwright.core.io import read_text
from blogwright.core.paths import config_path
from blogwright.core.redact import redact_value
from blogwright.core.yamlsafe import load_yaml

DEFAULT_MODEL = "local"

# The settings `blogwright config set` knows: section -> keys (None: any key, checked elsewhere).
KNOWN: dict[str, tuple[str, ...] | None] = {
    "default_model": (),
    "openai": ("base_url", "api_key", "model", "timeout", "send_llama_params"),
    "ollama": ("base_url", "timeout"),
    "llm": ("key",),
    "wordpress": ("user", "app_password"),
    "prices": None,
    "gates": None,
    "search": ("default", "searxng_url", "brave_api_key", "brave_url", "tavily_api_key", "tavily_url", "per_host", "pause",
               "max_pages"),
    "network": ("allow_private_urls",),
}
SECRET_KEYS = ("api_key", "app_password", "password", "key", "token", "brave_api_key", "tavily_api_key")

Seconds = Annotated[float, Field(gt=0, le=86_400, allow_inf_nan=False)]


class _Section(BaseModel):
    """A section of the config file as the code that reads it expects it (unknown keys kept)."""

    model_config = ConfigDict(extra="allow")


class OpenAISection(_Section):
    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    timeout: Seconds | None = None
    send_llama_params: bool | None = None


class OllamaSection(_Section):
    base_url: str | None = None
    timeout: Seconds | None = None


class WordPressSection(_Section):
    user: str | None = None
    app_password: str | None = None


class NetworkSection(_Section):
    allow_private_urls: bool = False


SCHEMAS: dict[str, type[_Section]] = {"openai": OpenAISection, "ollama": OllamaSection,
                                      "wordpress": WordPressSection, "network": NetworkSection}


def validate_section(name: str, value: Any, where: str) -> None:
    """BadInput (one line, the key and what it must be) when a section does not fit its schema: the same
    check for the file that is read and for `config set` before it writes."""
    schema = SCHEMAS.get(name)
    if schema is None or value is None:
        return
    if not isinstance(value, dict):
        raise BadInput(f"{where}: config section {name!r} must be a mapping")
    try:
        schema.model_validate(value)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join([name, *(str(p) for p in err.get("loc", ()))])
        got = str(err.get("input"))[:40]
        raise BadInput(f"{where}: {key}: {err.get('msg', 'invalid')}, not {got!r} "
                       f"(blogwright config set {key} VALUE fixes it)") from None


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        return {}
    data = load_yaml(read_text(p, "config file"), f"config file {p}") or {}  # bounded, aliases capped
    if not isinstance(data, dict):
        raise BadInput(f"config file {p} must be a YAML mapping")
    return data


def load_config() -> dict[str, Any]:
    return _load(str(config_path()))


def section(name: str) -> dict[str, Any]:
    """A section of the config file, checked against its schema (`SCHEMAS`): a wrong value is one
    BadInput line naming the key, not a crash later in the code that uses it."""
    value = load_config().get(name) or {}
    if not isinstance(value, dict):
        raise BadInput(f"config section {name!r} must be a mapping")
    validate_section(name, value, f"config file {config_path()}")
    return value


def default_model(flag: str | None = None) -> str:
    """The model spec to use: the --model flag, else $BLOGWRIGHT_MODEL, else `default_model:` in the
    config file, else `local` (the bundled model)."""
    for value in (flag, os.environ.get("BLOGWRIGHT_MODEL"), load_config().get("default_model")):
        if value and str(value).strip():
            return str(value).strip()
    return DEFAULT_MODEL


def _split_key(key: str) -> list[str]:
    parts = [p for p in key.strip().split(".", 1) if p]  # model ids in `prices.MODEL` may hold dots
    if not parts:
        raise BadInput("an empty config key: use e.g. default_model or openai.base_url")
    known = KNOWN.get(parts[0], ...)
    if known is ...:
        raise BadInput(f"unknown config key {key!r}: use one of " + ", ".join(
            k if v == () else f"{k}.KEY" for k, v in KNOWN.items()))
    if known == () and len(parts) > 1 or known and (len(parts) != 2 or parts[1] not in known):
        sub = ", ".join(f"{parts[0]}.{k}" for k in known) if known else parts[0]
        raise BadInput(f"unknown config key {key!r}: use {sub}")
    if known is None and len(parts) < 2:
        raise BadInput(f"{parts[0]} is a section: set one of its keys, e.g. {parts[0]}.NAME")
    return parts


def get_value(key: str) -> Any:
    """The value at a dotted key (`openai.base_url`), None when unset."""
    node: Any = load_config()
    for part in _split_key(key):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def parse_value(raw: str) -> Any:
    """A value typed on the command line: YAML scalars and lists (`true`, `120`, `[a, b]`), else text."""
    try:
        value = load_yaml(raw, "the value")  # bounded: an alias bomb is text, not a billion strings
    except BadInput:
        return raw
    return raw if value is None and raw.strip() not in ("null", "~") else value


def _save(data: dict[str, Any]) -> Path:
    path = config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        os.chmod(tmp, 0o600)  # it may hold API keys
        tmp.replace(path)
    except OSError as exc:
        raise BadInput(f"cannot write the config file {path}: {exc.strerror or exc}") from None
    _load.cache_clear()
    return path


def set_value(key: str, value: Any) -> Path:
    """Set a dotted key in the config file (created when missing); returns the file's path.
    Comments in the file are not kept."""
    parts = _split_key(key)
    data = dict(load_config())
    node = data
    for part in parts[:-1]:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        elif not isinstance(child, dict):
            raise BadInput(f"config key {part!r} holds a value, not a section: unset it first")
        else:
            child = node[part] = dict(child)
        node = child
    node[parts[-1]] = value
    validate_section(parts[0], data.get(parts[0]), "config set")  # the schema the reading code uses
    return _save(data)


def unset_value(key: str) -> bool:
    """Remove a dotted key; False when it was not set."""
    parts = _split_key(key)
    data = dict(load_config())
    node: Any = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            return False
        node[part] = dict(node[part])
        node = node[part]
    if parts[-1] not in node:
        return False
    del node[parts[-1]]
    _save(data)
    return True


def redacted(data: Any) -> Any:
    """A copy of config data with secrets shown as `<set>` (API keys, passwords) and every other value
    through `core.redact` (a password in a URL's user info, a key pasted into another field)."""
    if isinstance(data, dict):
        return {k: ("<set>" if k in SECRET_KEYS and v else redacted(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [redacted(v) for v in data]
    return redact_value(data)
