"""bench.fixed_costs (issue 28): per stage, wall and CPU seconds and tokens of a write, and the gates."""

import json

from bench import fixed_costs


def test_fixed_costs_on_fake_gives_every_stage_and_takes_its_patch_off(tmp_path):
    from blogwright.pipeline import context

    charge = context.RunContext._charge
    assert fixed_costs.main(["--model", "fake", "--targets", "300", "--seeds", "1", "--out", str(tmp_path),
                             "--label", "t"]) == 0
    post = json.loads((tmp_path / "fixed-costs-t.json").read_text())["posts"][0]
    assert post["generated"] > 0 and post["blocking"] > 0 and post["tldr"]
    stages = post["stages"]
    assert {"plan", "draft", "checks", "summary"} <= set(stages)
    assert stages["draft"]["tokens"] > 0 and stages["draft"]["cpu"] > 0
    # the stages' CPU seconds add up to about the write's (the rest is outside write_post)
    assert sum(s["cpu"] for s in stages.values()) <= post["cpu"] + 0.05
    assert "blocking gates passed" in (tmp_path / "fixed-costs-t.md").read_text()
    assert context.RunContext._charge is charge
