"""The extras benchmark (gates c1 vs c3, learned voices, grounding) runs end to end on the fake backend."""

import json

from bench import extras


def test_extras_quick_on_fake(tmp_path):
    assert extras.main(["--model", "fake", "--quick", "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "extras-fake.json").read_text())
    assert set(data["gates"]["failed_per_gate"]) >= {"glued", "leaks", "length", "structure"}
    assert all(set(r) >= {"c1", "c3"} for r in data["gates"]["rows"])
    for name in ("academic", "chatty"):
        assert data["voices"][name]["percentile"]["n"] == 2
    g = data["grounding"]
    assert g["notes_covered"]["pipeline"] > g["notes_covered"]["baseline"]  # the fake never uses notes in one shot
    assert "## Grounding" in (tmp_path / "extras-fake.md").read_text()
