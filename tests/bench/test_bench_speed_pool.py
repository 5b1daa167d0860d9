import json

from bench import speed_pool


def run(wall, cpu, raw_wall, raw_cpu, target=300):
    return {"target_words": target, "words": 290, "generated_per_kept": 1.0,
            "write": {"wall_s": wall, "cpu_s": cpu, "peak_mib": 350.0},
            "raw": {"wall_s": raw_wall, "cpu_s": raw_cpu}}


def test_each_side_is_compared_with_every_raw_decode_of_its_target(tmp_path):
    (tmp_path / "x-after1.json").write_text(json.dumps({"pairs": [run(6.0, 10.0, 3.0, 6.0)]}))
    (tmp_path / "x-after2.json").write_text(json.dumps({"pairs": [run(8.0, 12.0, 4.0, 8.0)]}))
    (tmp_path / "x-before1.json").write_text(json.dumps({"pairs": [run(9.0, 16.0, 6.0, 10.0)]}))
    pooled = speed_pool.pool([str(p) for p in tmp_path.iterdir()])[300]
    assert pooled["raw"]["wall_s"] == 4.0 and pooled["raw"]["wall_range"] == [3.0, 6.0]
    assert pooled["after"]["wall_x"] == 2.0  # both pairs at 2.0x
    assert pooled["after"]["wall_x_pooled"] == 1.75  # median write 7.0 over the median raw 4.0
    assert pooled["before"]["cpu_x"] == 1.6 and pooled["before"]["cpu_x_pooled"] == 2.0
    assert "| 300 | after | 2 |" in speed_pool.markdown(speed_pool.pool([str(p) for p in tmp_path.iterdir()]))
