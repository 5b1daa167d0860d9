"""The user's config file (YAML, in the data dir or BLOGWRIGHT_CONFIG): defaults for flags.

    openai:
      base_url: http://127.0.0.1:8080/v1
      api_key: sk-...
      model: llama3
    gates:            # quality-gate thresholds (see `blogwright check --help`)
      ...
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from blogwright.core.errors import BadInput
from blogwright.core.paths import config_path


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        return {}
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BadInput(f"config file {p} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise BadInput(f"config file {p} must be a YAML mapping")
    return data


def load_config() -> dict[str, Any]:
    return _load(str(config_path()))


def section(name: str) -> dict[str, Any]:
    value = load_config().get(name) or {}
    if not isinstance(value, dict):
        raise BadInput(f"config section {name!r} must be a mapping")
    return value
