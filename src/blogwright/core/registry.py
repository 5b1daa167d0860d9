"""One shape for every plug-in seam: backends (`blogwright.backends`), quality gates
(`blogwright.gates`), publish targets (`blogwright.publish_targets`), search providers
(`blogwright.search_providers`) and the front ends `blogwright serve` starts (`blogwright.surfaces`,
where blogwright's own pyproject declares the web page).

A `Registry` holds the built-in plug-ins of one kind by name, and adds those other installed packages
declare under its entry-point group (pyproject.toml of the plug-in package):

    [project.entry-points."blogwright.gates"]
    house_style = "my_package.gates:house_style"

A built-in name always wins over a plug-in's. Entry points are read once, on first use (`refresh()`
reads them again, for tests that install a plug-in). A plug-in that cannot be loaded is skipped and
named by `broken()`, so one broken package never stops a write.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from blogwright.core.errors import BadInput

T = TypeVar("T")
log = logging.getLogger("blogwright.plugins")


def declared(group: str) -> list[str]:
    """The names installed packages declare under `group`, without loading them."""
    return sorted(ep.name for ep in entry_points(group=group))


class Registry(Generic[T]):
    def __init__(self, group: str, builtin: Mapping[str, T], what: str):
        self.group, self.what = group, what
        self._builtin = dict(builtin)
        self._found: dict[str, T] | None = None
        self._broken: dict[str, str] = {}
        self._lock = threading.Lock()

    def all(self) -> dict[str, T]:
        """Every plug-in by name: the built-ins first, then the entry points' (in name order)."""
        with self._lock:
            if self._found is None:
                self._found, self._broken = self._load()
            return dict(self._found)

    def _load(self) -> tuple[dict[str, T], dict[str, str]]:
        found, broken = dict(self._builtin), {}
        for ep in sorted(entry_points(group=self.group), key=lambda e: e.name):
            if ep.name in found:
                continue
            try:
                found[ep.name] = ep.load()
            except Exception as exc:  # noqa: BLE001 - a broken plug-in is skipped and reported
                broken[ep.name] = f"{type(exc).__name__}: {exc}"
                log.warning("%s plug-in %r (%s) cannot be loaded: %s", self.what, ep.name, ep.value, exc)
        return found, broken

    def names(self) -> list[str]:
        return list(self.all())

    def plugins(self) -> list[str]:
        """Names that come from entry points, not built in."""
        return [n for n in self.all() if n not in self._builtin]

    def broken(self) -> dict[str, str]:
        """Plug-ins of this group that failed to load, with why."""
        self.all()
        return dict(self._broken)

    def __contains__(self, name: object) -> bool:
        return name in self.all()

    def get(self, name: str) -> T:
        """The plug-in `name`; `BadInput` naming the known ones otherwise."""
        found = self.all()
        if name not in found:
            raise BadInput(f"unknown {self.what} {name!r}: use {', '.join(found)}")
        return found[name]

    def refresh(self) -> None:
        """Read the entry points again (after a package was installed)."""
        with self._lock:
            self._found = None
