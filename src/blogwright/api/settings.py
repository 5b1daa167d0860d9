"""The quality gates' settings (`blogwright config`, the web page's checks): kept apart from `models`
so that setting a gate option does not load the model code."""

from __future__ import annotations

from blogwright.checks.settings import GateConfig

__all__ = ["GateConfig"]
