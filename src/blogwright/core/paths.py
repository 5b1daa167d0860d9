"""Where blogwright keeps its files: BLOGWRIGHT_HOME overrides the user data dir.

The config file lives in the user config dir (`~/.config/blogwright/config.yaml` on Linux); the old
location, `DATA_DIR/config.yaml`, is still read when it is the only one. `$BLOGWRIGHT_CONFIG` names
the file outright, and with `$BLOGWRIGHT_HOME` set everything (config included) lives under it.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

DEFAULT_OUT = "posts"  # where `write`, `batch` and `serve` put posts without --out: one default for all three


def data_dir() -> Path:
    env = os.environ.get("BLOGWRIGHT_HOME")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("blogwright", appauthor=False))


def db_path() -> Path:
    env = os.environ.get("BLOGWRIGHT_DB")
    return Path(env).expanduser() if env else data_dir() / "logs.db"


def legacy_config_path() -> Path:
    """Where the config file was before it moved to the user config dir."""
    return data_dir() / "config.yaml"


def config_path() -> Path:
    """The config file to read and write: $BLOGWRIGHT_CONFIG, else $BLOGWRIGHT_HOME/config.yaml, else
    the user config dir's (or the old data-dir file when only that one exists)."""
    env = os.environ.get("BLOGWRIGHT_CONFIG")
    if env:
        return Path(env).expanduser()
    if os.environ.get("BLOGWRIGHT_HOME"):
        return legacy_config_path()
    new = Path(user_config_dir("blogwright", appauthor=False)) / "config.yaml"
    old = legacy_config_path()
    return old if old.is_file() and not new.is_file() else new
