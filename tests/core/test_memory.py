"""core.memory.trim_heap: glibc's malloc_trim where there is one, nothing (False) elsewhere."""

from __future__ import annotations

import platform

from blogwright.core import memory


def test_trim_heap_calls_malloc_trim_on_glibc():
    if platform.libc_ver()[0] == "glibc":
        assert memory.trim_heap() is True


def test_without_malloc_trim_nothing_is_called(monkeypatch):
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    assert memory.trim_heap() is False
