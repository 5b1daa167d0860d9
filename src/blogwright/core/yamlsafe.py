"""The one YAML loader for text a user (or a model) wrote: front matter, voices, config files.

`yaml.safe_load` plus limits: at most `limits.limit("yaml_aliases")` aliases, at most
MAX_EXPANDED values once every alias is expanded (a "billion laughs" document of nested aliases is
refused before it is built: 72 aliases can stand for 387 million strings), at most 64 levels of
nesting, and a document of at most `limits.limit("file")` characters. Every problem is a `BadInput` naming `what`.

    data = load_yaml(text, "front matter of post.md")
"""

from __future__ import annotations

from typing import Any

import yaml

from blogwright.core.errors import BadInput
from blogwright.core.limits import how_to_raise, limit

__all__ = ["MAX_DEPTH", "MAX_EXPANDED", "load_yaml"]

MAX_DEPTH = 64
MAX_EXPANDED = 100_000  # scalars, lists and mappings, counting what each alias stands for


class _Tooling(BadInput):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts aliases and nesting while it composes the node graph."""

    max_aliases = 100

    def __init__(self, stream: str):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self.max_aliases:
                raise _Tooling(f"more than {self.max_aliases} YAML aliases")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Tooling(f"YAML nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _expanded_size(root: yaml.Node) -> int:
    """Values in the document once aliases are expanded (an alias is the same node object again).
    A node that contains itself (`a: &a [*a]`) is refused: nothing downstream can print it."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = ([c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value))
        if done:
            open_.discard(id(node))
            sizes[id(node)] = min(1 + sum(sizes.get(id(c), 1) for c in children), 10 * MAX_EXPANDED)
            continue
        if id(node) in open_:
            raise _Tooling("a YAML alias refers to the value it is inside of (a loop)")
        open_.add(id(node))
        stack.append((node, True))
        for c in children:
            if id(c) in open_:
                raise _Tooling("a YAML alias refers to the value it is inside of (a loop)")
            if id(c) not in sizes:
                stack.append((c, False))
    return sizes[id(root)]


def load_yaml(text: str, what: str = "YAML") -> Any:
    """Parse one YAML document safely (see the module doc); BadInput on any problem."""
    if len(text) > limit("file"):
        raise BadInput(f"{what} is over the {limit('file'):,} character limit ({how_to_raise('file')})")
    loader = _BoundedLoader(text)
    loader.max_aliases = limit("yaml_aliases")
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node) > MAX_EXPANDED:
            raise _Tooling(f"its aliases expand to more than {MAX_EXPANDED:,} values")
        return loader.construct_document(node)
    except _Tooling as exc:
        raise BadInput(f"{what}: {exc}: refused") from None
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInput(f"{what} is not valid YAML: {first}") from None
    except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as exc:
        raise BadInput(f"{what} cannot be read as YAML ({type(exc).__name__})") from None
    finally:
        loader.dispose()
