"""Plain stdout for what scripts read: paths, JSON, the post itself. Never rich (which wraps long
lines at 80 columns when piped and adds colour codes); progress and reports go to stderr."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_line(text: str) -> None:
    """One line on stdout, exactly as given (a path stays one line, however long)."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def emit_text(text: str) -> None:
    """A document on stdout (a post for `--out -`), ending in one newline."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def emit_json(data: Any) -> None:
    """JSON on stdout, indented, UTF-8 as is; dates and other objects as strings."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()
