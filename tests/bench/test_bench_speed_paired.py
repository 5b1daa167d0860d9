"""bench.speed's paired mode: the same post each repeat, A B then B A, medians over the runs."""

from __future__ import annotations

import json

from bench import speed_paired


def test_schedule_repeats_the_same_post_and_alternates_the_order():
    assert speed_paired.schedule([300, 600], 3, seed=1) == [
        (300, 1, False), (600, 1, False), (300, 1, True), (600, 1, True), (300, 1, False), (600, 1, False)]
    # --vary-seed: other posts, always A B (B needs the post's own kept tokens)
    assert speed_paired.schedule([300], 2, seed=1, vary_seed=True) == [(300, 1, False), (300, 2, False)]


def _fake_timed(log: list[str]):
    def timed(cmd, timeout=1800, env=None):
        if "--raw-decode" in cmd:
            log.append(f"B{cmd[cmd.index('--raw-decode') + 1]}")
            out = json.dumps({"tokens": int(cmd[cmd.index("--raw-decode") + 1]), "threads": 2})
            return {"wall_s": 5.0, "cpu_s": 9.0, "peak_mib": 250.0, "returncode": 0, "load_before": 1.0,
                    "load_after": 1.0, "stdout": out, "stderr_tail": ""}
        log.append("A")
        out = json.dumps({"words": 470, "path": "/tmp/p.md", "cost": {"calls": 14, "generated_tokens": 773,
                                                                       "kept_tokens": 593, "generated_per_kept": 1.304}})
        return {"wall_s": 10.0, "cpu_s": 18.0, "peak_mib": 380.0, "returncode": 0, "load_before": 1.0,
                "load_after": 1.0, "stdout": out, "stderr_tail": ""}
    return timed


def test_a_b_a_pair_runs_the_raw_decode_first_with_the_earlier_count(monkeypatch, tmp_path):
    log: list[str] = []
    monkeypatch.setattr(speed_paired, "timed", _fake_timed(log))
    ab = speed_paired.pair(600, 1, str(tmp_path))
    ba = speed_paired.pair(600, 1, str(tmp_path), raw_first=ab["kept_tokens"])
    assert log == ["A", "B593", "B593", "A"]
    assert (ab["order"], ba["order"]) == ("AB", "BA")
    assert ba["wall_ratio"] == 2.0 and ba["cpu_ratio"] == 2.0 and "raw_tokens_differ" not in ba
    # a B A pair whose write kept another count says so (B decoded the earlier count)
    assert speed_paired.pair(600, 1, str(tmp_path), raw_first=500)["raw_tokens_differ"] == 500


def test_summary_gives_medians_and_each_sides_spread():
    rows = [{"target_words": 600, "words": 470, "wall_ratio": r, "cpu_ratio": r, "generated_per_kept": 1.3,
             "write": {"peak_mib": 380.0, "wall_s": w, "cpu_s": w, "load_before": 1.0},
             "raw": {"wall_s": w / r, "cpu_s": w / r}} for r, w in ((1.8, 10.0), (1.6, 9.0), (2.0, 11.0))]
    s = speed_paired.summarize(rows, {"help": {"wall_s": 0.15}})["600"]
    assert s["runs"] == 3 and s["wall_ratio"] == 1.8 and s["write_wall_s"] == 10.0
    assert s["write_wall_range"] == [9.0, 11.0]
