"""Text that goes into a title, front matter, the log or a terminal: no control characters (ESC, BEL,
NUL, ...: they reach a terminal as commands), no lone surrogates (a command-line argument that is not
UTF-8 arrives with them, and nothing can encode them).

    clean_text("A\\x1b[31mtitle\\x07")      -> "A[31mtitle"
    clean_text("bad \\udcff byte")          -> "bad \\ufffd byte"
"""

from __future__ import annotations

import re

__all__ = ["CONTROL", "clean_text", "fix_surrogates"]

# C0 and C1 controls, DEL, and the bidi overrides that reorder what a terminal shows
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NO_NL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def fix_surrogates(text: str) -> str:
    """Lone surrogates (undecodable bytes from argv or JSON `\\ud800`) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def clean_text(text: str, newlines: bool = True) -> str:
    """Control characters dropped (tabs kept; newlines kept unless `newlines=False`, when they
    become spaces) and lone surrogates replaced."""
    if not newlines:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = (CONTROL if newlines else _CONTROL_NO_NL).sub("", text)
    return fix_surrogates(text)
