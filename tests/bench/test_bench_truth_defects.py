"""bench.truth_defects' stop-35 table counts what stop 34's editor read as still wrong in posts of facts."""

from __future__ import annotations

from pathlib import Path

from bench.truth_defects import count

from blogwright.model.post import LAST_FACT_HEADING, Post, Section
from blogwright.render import to_markdown

NOTES = ["Adding an item sets the bits at the positions its hash functions give",
         "A lookup that finds any of those bits unset means the item was never added",
         "A Bloom filter never gives a false negative"]
REFS = "## References\n\n" + "\n".join(f"{i}. The author's own notes: “{n}”" for i, n in enumerate(NOTES, 1)) + "\n"


def _post(tmp: Path, sections: list[Section], summary: str, intro: str, conclusion: str) -> Path:
    post = Post(title="What a Bloom Filter Is Good For", topic="What a Bloom filter is good for", summary=summary,
                intro=intro, sections=sections, conclusion=conclusion, conclusion_heading=LAST_FACT_HEADING,
                references_md=REFS, voice="friendly-teacher")
    (tmp / "bloom.md").write_text(to_markdown(post), encoding="utf-8")
    return tmp


def test_the_stop_35_patterns_are_counted(tmp_path):
    folder = _post(tmp_path, [Section(heading="A Lookup", text=f"{NOTES[1]} [2].\n\n{NOTES[0]} [1]. 2. Cost: more.")],
                   summary=f"{NOTES[2]}.", intro=f"{NOTES[2]} [3].",
                   conclusion=f"{NOTES[2]} [3]. Take it one step at a time, and you will get there.")
    found = count(folder, {"bloom": NOTES})["found"]
    assert len(found["tldr_in_intro"]) == 1
    assert [s.split(":")[0] for _, s in found["out_of_order"]] == ["note 2 after note 3", "note 1 after note 2"]
    assert [s for _, s in found["opens_pointing_back"]] == [f"A Lookup: {NOTES[1]} [2]."]
    assert len(found["sign_off_in_last_thing"]) == 1 and len(found["list_number"]) == 1


def test_a_post_without_them_counts_none(tmp_path):
    folder = _post(tmp_path, [Section(heading="Adding an Item", text=f"{NOTES[0]} [1].\n\n{NOTES[1]} [2].")],
                   summary=f"{NOTES[2]}.", intro="Let's take this one step at a time. Here is a Bloom filter.",
                   conclusion=f"{NOTES[2]} [3].\n\nTake it one step at a time, and you will get there.")
    found = count(folder, {"bloom": NOTES})["found"]
    assert not any(found[k] for k in ("tldr_in_intro", "out_of_order", "opens_pointing_back", "heading_under_half",
                                      "sign_off_in_last_thing", "list_number"))
