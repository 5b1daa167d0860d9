"""The batch benchmark runs end to end (2 tiny posts, a fast fake server) and writes its results."""

import json

from bench import batch


def test_batch_bench_writes_posts_per_hour(tmp_path):
    assert batch.main(["--posts", "2", "--words", "150", "--latency", "0.3", "--concurrency", "1", "2",
                       "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "batch-fake-server.json").read_text())
    assert [r["concurrency"] for r in data["rows"]] == [1, 2] and all(r["posts"] == 2 for r in data["rows"])
    assert data["rows"][0]["speedup"] == 1 and data["rows"][1]["max_in_flight"] == 2
    assert "python -m bench.batch" in (tmp_path / "batch-fake-server.md").read_text()
