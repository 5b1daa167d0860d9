"""bench.imports counts the front door's bypasses: cli/ and web/ importing a package other than
api, model and core (issue 26: 21 before, 1 after the first round (`cli -> web` for `serve`), 0 once
`serve` found the web page through the `blogwright.surfaces` entry points)."""

from __future__ import annotations

from pathlib import Path

from bench.imports import figures

SRC = Path(__file__).resolve().parents[2] / "src" / "blogwright"


def test_the_front_ends_go_through_the_door():
    data = figures(SRC)
    assert data["front_door_bypasses"] == []
    assert not data["package_loops"]
    assert all(not pair.startswith(("cli ", "web ")) for pair in data["front_door_bypasses_with_batch"])
