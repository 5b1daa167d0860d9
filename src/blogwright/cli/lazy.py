"""Start-up time: the CLI's modules name the layers below them through `lazy(...)` stand-ins, so
`blogwright --help`, a command's `--help` and shell completion load Typer and Rich only, and a
command loads api, the gates, the web server... when it runs (the first attribute read).

    api = lazy("blogwright.api")      # at the top of a cli module
    api.write(...)                    # imports blogwright.api here, once (then sys.modules has it)

The one place the CLI imports by name at run time (`importlib.import_module`); the modules it names
are also imported under `TYPE_CHECKING` next to each stand-in, so type checkers and `lint-imports`
(the layers contract) still see every dependency. Setting an attribute on a stand-in sets it on the
module, so `monkeypatch.setattr(cli_app.api, "write", ...)` patches `blogwright.api` itself.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """A module imported on first use. Reads, writes and deletes of attributes go to the module."""

    __slots__ = ("_lazy_name",)

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_lazy_name", name)

    def _lazy_module(self) -> ModuleType:
        return importlib.import_module(object.__getattribute__(self, "_lazy_name"))

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._lazy_module(), attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        setattr(self._lazy_module(), attr, value)

    def __delattr__(self, attr: str) -> None:
        delattr(self._lazy_module(), attr)

    def __dir__(self) -> list[str]:
        return dir(self._lazy_module())

    def __repr__(self) -> str:
        return f"<lazy module {object.__getattribute__(self, '_lazy_name')!r}>"


def lazy(name: str) -> Any:
    """A stand-in for the module `name` (e.g. "blogwright.api") that imports it on first use.
    Typed `Any`: annotate it with the module under `TYPE_CHECKING` where types matter."""
    return LazyModule(name)
