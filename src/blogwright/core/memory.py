"""Giving freed heap memory back to the operating system."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to call
        return None


def trim_heap() -> bool:
    """glibc's `malloc_trim(0)`: return the free memory of every malloc arena to the system. A thread
    gets an arena of its own, and what a load on a background thread allocated and freed there stays
    resident otherwise (spaCy's load on a thread: +12 MiB of peak RSS for a `write`; issue 28). False
    where there is no such call."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
