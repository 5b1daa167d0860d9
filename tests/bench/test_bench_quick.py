"""The `--quick` path of both benchmarks on the fake backend, into a tmp folder."""

import json

from bench.metrics import METRICS

from bench import quality, speed


def test_quality_quick_on_fake_writes_json_md_png(tmp_path):
    assert quality.main(["--quick", "--model", "fake", "--out", str(tmp_path)]) == 0
    base = tmp_path / "quality-fake-quick"
    for ext in (".json", ".md", ".png"):
        assert base.with_suffix(ext).stat().st_size > 0
    data = json.loads(base.with_suffix(".json").read_text())
    assert data["model"] == "fake:fake-model" and len(data["rows"]) == 5
    assert data["command"].startswith("python -m bench.quality --quick")
    assert data["machine"]["cores"] >= 1 and data["machine"]["cpu_model"]
    for key in METRICS:
        assert set(data["summary"][key]) >= {"pipeline", "baseline", "diff", "ci_low", "ci_high", "n"}
        for row in data["rows"]:
            assert key in row["pipeline"] and key in row["baseline"]
    assert data["summary"]["structured"]["pipeline"] == 1.0
    assert data["summary"]["notes_covered"]["n"] == 3  # quick briefs with notes
    assert {b["bar"] for b in data["bars"]} >= {"S_l >= 90", "100% structured", "no leaked tokens"}
    assert "| metric |" in base.with_suffix(".md").read_text()


def test_speed_quick_on_fake_reports_only_what_makes_sense(tmp_path):
    assert speed.main(["--in-process", "--quick", "--model", "fake", "--out", str(tmp_path), "--no-cli"]) == 0
    base = tmp_path / "speed-fake-quick"
    for ext in (".json", ".md", ".png"):
        assert base.with_suffix(ext).stat().st_size > 0
    data = json.loads(base.with_suffix(".json").read_text())
    assert [p["target_words"] for p in data["posts"] if p["stream"]] == [150, 300, 600]
    assert "raw_decode" not in data and data["effective"]["meaningful"] is False
    assert data["notes"] and data["growth"]["linear"]["r2"] is not None
    assert data["memory"]["benchmark_process_peak_rss_mb"] > 0
