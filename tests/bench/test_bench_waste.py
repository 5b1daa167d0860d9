"""bench.waste (issue 28): every generated token of a post is put somewhere, kept or thrown away by a step."""

import json

from bench import waste


def test_waste_on_fake_accounts_for_the_tokens_and_unpatches(tmp_path):
    from blogwright.pipeline import context, draft

    call, paragraph = context.RunContext.call, draft.paragraph
    assert waste.main(["--model", "fake", "--targets", "300", "--seeds", "1", "--out", str(tmp_path), "--label", "t"]) == 0
    data = json.loads((tmp_path / "waste-t.json").read_text())
    post = data["posts"][0]
    assert post["generated"] > 0 and post["draft_calls"]
    # the split covers the generated tokens (attribution is by words, so within a rounding margin)
    assert abs(sum(post["split"].values()) - post["generated"]) <= 0.05 * post["generated"] + 5
    assert "where (tokens, all posts)" in (tmp_path / "waste-t.md").read_text()
    assert post["markdown"].startswith("---") and isinstance(post["failed_gates"], list)  # the post, to read
    assert context.RunContext.call is call and draft.paragraph is paragraph  # the watch is taken off
