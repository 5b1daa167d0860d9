"""bench.requests: the reader's accuracy (pure) and parts -> sections on the fake backend."""

import json

from bench import requests


def test_reader_only_scores_every_field_and_meets_the_bars(tmp_path):
    assert requests.main(["--reader-only", "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "requests-reader.json").read_text())
    acc = data["accuracy"]
    assert data["n_briefs"] >= 40 and {b["band"] for b in data["reader"]} == set(requests.BANDS)
    assert acc["words_stated"]["share"] >= 0.95 and acc["parts_named"]["share"] >= 0.9
    assert (tmp_path / "requests-reader.md").read_text().startswith("# Requests: brief reader")


def test_named_parts_become_sections_in_order_on_the_fake_backend(tmp_path):
    assert requests.main(["--model", "fake", "--ids", "food-mexico,remote-standups", "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "requests-fake.json").read_text())
    assert data["parts_share"] == {"parts": 7, "in_order": 7, "share": 1.0}
    assert [b["band"] for b in data["bands"]] == ["300-800"]
