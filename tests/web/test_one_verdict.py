"""One verdict and one word count everywhere (newcomer round 2, items 2, 7 and 8): on the same post,
`write --json`, `check`, `voice score`, the run log and the web page give the same voice verdict (from
the post's prose only: not its References list, headings, TL;DR or front matter) and the same word count.

Before: `voice score` read the References list and the front matter ("reads more like mogi than like k"
while the gate said pass 0.96); the front matter said 206 words and `runs` and the web page 161."""

from __future__ import annotations

import json
import re

import yaml
from typer.testing import CliRunner

from blogwright.cli import app

runner = CliRunner()
NOTES = ["Composting at home takes about eight weeks in summer.",
         "A good pile mixes two parts brown leaves with one part green scraps.",
         "Turning the pile every week keeps it from smelling.",
         "Meat and dairy attract rats, so they stay out of my bin."]


def _json(args: list[str]) -> dict | list:
    r = runner.invoke(app, args)
    assert r.exit_code in (0, 1), r.output  # 1: a blocking gate failed (the fake's prose)
    return json.loads(r.stdout)


def test_every_surface_gives_the_same_voice_verdict_and_word_count(tmp_path, client):
    notes = tmp_path / "notes.txt"
    notes.write_text("\n".join(NOTES) + "\n")
    wrote = _json(["write", "Composting at home", "--model", "fake", "--out", str(tmp_path / "out"), "--words", "300",
                   "--voice", "snarky-mentor", "--notes", str(notes), "--json"])
    path = wrote["path"]
    text = open(path, encoding="utf-8").read()
    assert "## References" in text  # the list `voice score` used to read
    gate = wrote["report"]["gates"]["voice"]["value"]
    sentence = gate["verdict"]
    assert sentence.startswith("reads ")

    checked = _json(["check", path, "--voice", "snarky-mentor", "--json"])  # judged again, not the stored verdict
    scored = _json(["voice", "score", path, "--voice", "snarky-mentor", "--json"])
    for other in (checked["gates"]["voice"]["value"], scored):
        assert other["verdict"] == sentence
        assert (other["percentile"], other["distance"], other["closest_voice"], other["words"]) == \
            (gate["percentile"], gate["distance"], gate["closest_voice"], gate["words"])
    assert checked["gates"]["voice"]["score"] == wrote["report"]["gates"]["voice"]["score"]
    plain = runner.invoke(app, ["voice", "score", path, "--voice", "snarky-mentor"])
    assert plain.stdout.startswith(f"this post {sentence} (")
    own = _json(["voice", "score", path, "--json"])  # no --voice: the post's own `voice:`
    assert (own["verdict"], own["distance"]) == (sentence, gate["distance"])
    bare = tmp_path / "bare.md"
    bare.write_text("Just some words, with no front matter at all.\n")
    missing = runner.invoke(app, ["voice", "score", str(bare)])
    assert missing.exit_code == 2 and "pass --voice NAME" in missing.output
    shown = runner.invoke(app, ["check", path, "--voice", "snarky-mentor"])
    assert f"voice: this post {sentence}" in shown.output

    # one word count: the file, `write --json`, the length gate, the run log (`runs`), the web page
    words = yaml.safe_load(text.split("---\n")[1])["words"]
    assert wrote["words"] == words == checked["gates"]["length"]["value"]["words"]
    runs = _json(["runs", "--json"])
    assert runs[0]["words"] == words
    page = client.get(f"/posts/{wrote['run_id']}").text
    assert f"{words} words of 300" in page

    # the web page: the whole post's verdict once, the learned traits once, gate names in words
    assert page.count(f"this post {sentence}") == 1 and page.count('class="traits"') == 1
    assert "this part reads" not in page and "(distance" not in page
    gate_lis = re.findall(r'<li class="(\w+)" data-gate="([a-z_]+)">([^<]*)', page)
    assert all(status != "ok" for status, _, _ in gate_lis)  # only gates that found something are listed
    assert all(label.strip() != name or name in ("length", "spelling", "voice") for _, name, label in gate_lis)
