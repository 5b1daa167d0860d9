"""The SEO gate: a post that passes every rule, and one failure per rule."""

from __future__ import annotations

import re

import pytest

from blogwright import api
from blogwright.checks import CheckContext, GateConfig, check_markdown
from blogwright.checks.seo import broken_internal, has_keyword, keyword_density, site_targets

DESC = ("Learn how to compost kitchen scraps at home: what goes in the bin, how to balance greens and browns, "
        "and how to keep the pile healthy.")
GOOD = f"""---
title: How to Compost at Home
date: '2026-11-20'
tags: [compost, garden]
description: '{DESC}'
cover: {{image: bin.png, alt: A green compost bin in a garden}}
---

# How to Compost at Home

**TL;DR:** Mix greens and browns and keep the pile damp.

Composting at home turns kitchen scraps into free soil. You need a bin, some scraps and patience.

## Why Compost Kitchen Scraps

Scraps in a landfill release methane. In a bin they become food for your garden, as the
[EPA explains](https://www.epa.gov/recycle/composting-home).

![A bin half full of leaves and peels](pile.png)

## What Goes in the Bin

Greens such as peels and coffee grounds, browns such as dry leaves and cardboard. See
[our guide to worms](/posts/worm-bins/) for a smaller setup.

## Wrapping Up

Start small and turn the pile every week or two.
"""

CFG = GateConfig(embeddings=False)


def seo(md: str, keywords=("compost",), site: str = "", **cfg):
    report = check_markdown(md, CheckContext(topic="composting", keywords=list(keywords), site=site),
                            GateConfig(embeddings=False, **cfg))
    return report.gates["seo"]


def messages(gate) -> str:
    return " | ".join(f.message for f in gate.findings)


def test_a_good_post_passes_and_the_gate_is_advisory():
    gate = seo(GOOD)
    assert gate.passed, messages(gate)
    assert not gate.blocking and gate.score == 1.0
    assert gate.value["keyword"] == "compost" and gate.value["images"] == 1 and gate.value["links"] == 2


@pytest.mark.parametrize("change, expected", [
    (("title: How to Compost at Home", "title: How to Compost at Home Without Smells, Flies, Rats or Any Fuss at All"),
     "title is 69 characters (> 60)"),
    ((DESC, "Composting tips."), "meta description is 16 characters (120-160 is best)"),
    ((f"description: '{DESC}'\n", ""), "no meta description"),
    (("title: How to Compost at Home", "title: Turning Scraps into Soil"), "keyword 'compost' is not in the title"),
    (("Composting at home turns", "Doing this at home turns"), "not in the first paragraph"),
    (("## Why Compost Kitchen Scraps", "## Why Bother"), "is in no heading"),
    (("![A bin half full of leaves and peels](pile.png)", "![](pile.png)"), "image without alt text (pile.png)"),
    (("alt: A green compost bin in a garden", "alt: ''"), "the cover image has no alt text"),
    (("[EPA explains](https://www.epa.gov/recycle/composting-home)", "[](https://www.epa.gov/)"),
     "a link with no anchor text"),
    (("[EPA explains](https://www.epa.gov/recycle/composting-home)", "[EPA explains]()"), "a link with no target"),
    (("[EPA explains](https://www.epa.gov/recycle/composting-home)", "[EPA explains](https://www.epa.gov/a b)"),
     "a link that is not a link"),
    (("[EPA explains](https://www.epa.gov/recycle/composting-home)", "[EPA explains](https://epa)"), "a malformed URL"),
    (("[EPA explains](https://www.epa.gov/recycle/composting-home)", "[EPA explains](javascript:alert(1))"),
     "unsafe scheme"),
])
def test_each_rule_fails_alone(change, expected):
    old, new = change
    assert old in GOOD
    gate = seo(GOOD.replace(old, new))
    assert not gate.passed and expected in messages(gate), messages(gate)
    assert len({f.message for f in gate.findings}) == 1, messages(gate)


def test_a_short_post_without_headings_needs_no_keyword_heading():
    short = re.sub(r"^## .*\n\n", "", GOOD, flags=re.M)
    assert "## " not in short and seo(short).passed, messages(seo(short))


def test_keyword_stuffing_and_matching():
    stuffed = GOOD.replace("Start small and turn the pile every week or two.",
                           " ".join(["Compost compost, compost!"] * 10) + " " + " ".join(["word"] * 120))
    gate = seo(stuffed)
    assert "keyword stuffing: 'compost'" in messages(gate) and gate.value["keyword_density"] > 0.03
    assert has_keyword("Composting at home", "compost") and has_keyword("Kubernetes Autoscaling 101", "kubernetes autoscaling")
    assert not has_keyword("Kube autoscale", "kubernetes autoscaling")
    assert keyword_density("home compost and a compost bin", "compost bins") == (1, 2 / 6)


def test_main_keyword_falls_back_to_the_first_tag_and_can_block():
    assert seo(GOOD, keywords=()).value["keyword"] == "compost"
    bad = GOOD.replace("title: How to Compost at Home", "title: Scraps")
    report = check_markdown(bad, CheckContext(keywords=["compost"]), GateConfig(embeddings=False, blocking=["seo"]))
    assert not report.passed and report.gates["seo"].blocking


def test_internal_links_against_a_site(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "T"\n')
    (site / "content" / "posts" / "worm-bins.md").write_text("---\ntitle: Worms\n---\nhi\n")
    (site / "content" / "posts" / "2026-01-01-leaf-mould.md").write_text("---\ntitle: L\nslug: leaves\n---\n")
    (site / "static" / "img").mkdir(parents=True)
    (site / "static" / "img" / "chart.png").write_bytes(b"x")
    targets = site_targets(site)
    assert {"worm-bins", "leaf-mould", "leaves", "chart.png"} <= targets
    assert not broken_internal("/posts/worm-bins/", targets) and not broken_internal("/img/chart.png", targets)
    assert broken_internal("/posts/no-such-post/", targets) and not broken_internal("https://x.org/nope", targets)
    assert seo(GOOD, site=str(site)).passed
    gate = seo(GOOD.replace("/posts/worm-bins/", "/posts/worm-farms/"), site=str(site))
    assert messages(gate) == "broken internal link: /posts/worm-farms/" and gate.value["broken_internal"] == 1


def test_check_file_takes_keyword_and_site(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(GOOD)
    report = api.check_file(post, embeddings=False, keywords=["worms"])
    assert report.gates["seo"].value["keyword"] == "worms" and "not in the title" in messages(report.gates["seo"])
    with pytest.raises(Exception, match="not a folder"):
        api.check_file(post, embeddings=False, site=tmp_path / "nope")
