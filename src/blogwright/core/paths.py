"""Where blogwright keeps its files: BLOGWRIGHT_HOME overrides the user data dir."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    env = os.environ.get("BLOGWRIGHT_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("blogwright", appauthor=False))


def db_path() -> Path:
    env = os.environ.get("BLOGWRIGHT_DB")
    return Path(env).expanduser() if env else data_dir() / "logs.db"


def config_path() -> Path:
    env = os.environ.get("BLOGWRIGHT_CONFIG")
    return Path(env).expanduser() if env else data_dir() / "config.yaml"
