"""bench.prefill (issue 28, stop 35): prefill against decode, per model, threads and prompt size."""

from bench import prefill


def test_summarize_gives_medians_per_token_and_the_ratio_to_the_same_rounds_decode():
    rounds = [
        {"model": "m", "threads": 1, "load": 0.5, "decode_ms": 10.0, "prefill_ms": {1: 9.0, 100: 500.0}},
        {"model": "m", "threads": 1, "load": 0.7, "decode_ms": 20.0, "prefill_ms": {1: 19.0, 100: 1000.0}},
        {"model": "m", "threads": 1, "load": 0.6, "decode_ms": 12.0, "prefill_ms": {1: 11.0, 100: 600.0}},
        {"model": "m", "threads": 2, "load": 0.6, "decode_ms": 6.0, "prefill_ms": {100: 150.0}},
    ]
    rows = {(r["model"], r["threads"], r["size"]): r for r in prefill.summarize(rounds)}
    assert rows[("m", 1, 0)]["ms_per_token"] == 12.0 and rows[("m", 1, 0)]["ratio"] == 1.0
    assert rows[("m", 1, 100)]["ms_per_token"] == 6.0  # median of 5, 10, 6 ms a token
    assert rows[("m", 1, 100)]["ratio"] == 0.5  # each round against its own decode: 0.5, 0.5, 0.5
    assert abs(rows[("m", 1, 1)]["ratio"] - 0.9166) < 0.001  # 0.9, 0.95, 0.9167
    assert rows[("m", 2, 100)]["tokens_per_s"] == 1000 / 1.5 and rows[("m", 2, 100)]["load"] == [0.6]
    assert ("m", 2, 1) not in rows  # a size not timed is not made up


def test_the_tables_have_a_row_per_measurement():
    data = {"rows": prefill.summarize([{"model": "m", "threads": 1, "load": 1.0, "decode_ms": 10.0,
                                        "prefill_ms": {10: 50.0}}])}
    table = prefill.kernels_markdown(data)
    assert "| m | 1 | decode (1 token) | 10 |" in table and "| m | 1 | 10 | 5 | 200 | 0.5 |" in table
    calls = {"calls": [{"stage": "draft", "prompt": 120, "computed": 119, "batches": [119], "prefill_s": 0.5,
                        "decoded": 60, "decode_s": 0.9, "seconds": 1.5}],
             "totals": {"prompt": 120, "computed": 119, "prefill_s": 0.5, "decoded": 60, "decode_s": 0.9,
                        "other_s": 0.1, "seconds": 1.5}}
    out = prefill.calls_markdown(calls)
    assert "| 0 | draft | 120 | 119 | 1 | 0.5 | 60 | 0.9 | 0.1 | 1.5 |" in out and out.count("\n") == 3


def test_mean_nll_is_the_log_softmax_of_each_target():
    import math

    scores = [[0.0, 0.0], [math.log(3.0), 0.0]]  # uniform; then 3:1 for token 0
    got = prefill.mean_nll(scores, [1, 0])
    assert abs(got - (math.log(2.0) + math.log(4.0 / 3.0))) < 1e-9
    assert prefill.mean_nll(scores, [1, 1]) > got  # the unlikely token costs more


def test_cpu_seconds_give_their_own_ratio_when_timed():
    rounds = [{"model": "m", "threads": 1, "load": 5.0, "decode_ms": 40.0, "prefill_ms": {10: 200.0},
               "decode_cpu_ms": 10.0, "prefill_cpu_ms": {10: 40.0}}]
    rows = {r["size"]: r for r in prefill.summarize(rounds)}
    assert rows[0]["cpu_ms_per_token"] == 10.0 and rows[10]["cpu_ms_per_token"] == 4.0
    assert rows[10]["cpu_ratio"] == 0.4 and rows[10]["ratio"] == 0.5  # wall at load 5 and CPU disagree
    assert "| m | 1 | 10 | 20 | 50 | 0.5 | 4 | 0.4 | 5 |" in prefill.kernels_markdown({"rows": list(rows.values())})
