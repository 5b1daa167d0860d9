"""The post and its plan: Outline, Section, Post, and the names of a post's parts (in ONE place)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, Field

from blogwright.model.report import RunReport


def local_now() -> dt.datetime:
    """The time now in the machine's time zone, with its UTC offset (never a naive datetime)."""
    return dt.datetime.now().astimezone()


def local_today() -> dt.date:
    """Today's date where the writer is (not in UTC: at 01:00 in UTC+2 it is already tomorrow)."""
    return local_now().date()


def dated(day: dt.date | dt.datetime) -> dt.datetime:
    """A front matter date with its UTC offset: a datetime keeps its time (a naive one is taken as
    local time); a date is local midnight, so a post dated today is never "in the future" for Hugo
    (`buildFuture = false`) or Jekyll (`future: false`), whatever the offset."""
    if isinstance(day, dt.datetime):
        return day if day.tzinfo else day.astimezone()
    return dt.datetime.combine(day, dt.time()).astimezone()


class SectionPlan(BaseModel):
    heading: str
    point: str
    words: int
    facts: list[str] = Field(default_factory=list)


class Outline(BaseModel):
    title: str
    sections: list[SectionPlan]
    intro_words: int
    conclusion_words: int
    origin: Literal["model", "template", "mixed", "brief"] = "model"  # "brief": the user's parts or the short shape
    definitions: dict[str, str] = Field(default_factory=dict, description="key term -> the one definition every prompt carries")


class Section(BaseModel):
    heading: str
    text: str
    point: str = ""
    notes: list[str] = Field(default_factory=list, description="what the pipeline had to do")

    @property
    def words(self) -> int:
        return len(self.text.split())


class Post(BaseModel):
    title: str
    topic: str
    slug: str = ""
    date: dt.date = Field(default_factory=local_today)  # the writer's calendar date (see `dated`)
    tags: list[str] = Field(default_factory=list)
    description: str = ""
    summary: str = ""
    intro: str = ""
    sections: list[Section] = Field(default_factory=list)
    conclusion: str = ""
    conclusion_heading: str = Field("", description='the close\'s heading when it is not "Wrapping Up": "One Last '
                                    'Thing" over a post of facts that closes on its last fact')
    voice: str = ""
    audience: str = ""
    model: str = ""
    target_words: int = 0
    run_id: str = ""
    complete: bool = True
    references_md: str = ""
    fact_check: str = Field(default="", description='"needed" when the post has claims no note or source backs')
    unverified: list[str] = Field(default_factory=list, description="sentences whose claims no note or source "
                                  "backs: front matter `check_claims` (the user deletes an entry once checked)")
    report: RunReport | None = None  # what the run did (usage, gates, grounding); None before it ends
    # front matter a blogger sets (`write --category --cover --cover-alt --canonical --series`)
    categories: list[str] = Field(default_factory=list)
    cover: str = Field("", description="cover image: a path next to the post or a URL")
    cover_alt: str = Field("", description="the cover image's alt text")
    canonical_url: str = ""
    series: str = ""
    lastmod: dt.date | None = None

    @property
    def has_headings(self) -> bool:
        """A short post (title, TL;DR and a few paragraphs) has no section headings, nor a wrap-up one."""
        return any(s.heading for s in self.sections)

    @property
    def wrap_up_heading(self) -> str:
        return self.conclusion_heading or CONCLUSION_HEADING

    def body_blocks(self) -> list[str]:
        """The intro, the sections and the conclusion as Markdown blocks, with `## ` headings when
        the post has them (the wrap-up's is "Wrapping Up"): what every Markdown rendering of a post
        holds between its title (and TL;DR) and its references."""
        blocks = [self.intro] if self.intro else []
        blocks += [f"## {s.heading}\n\n{s.text}" if s.heading else s.text for s in self.sections]
        if self.conclusion:
            blocks.append(f"## {self.wrap_up_heading}\n\n{self.conclusion}" if self.has_headings else self.conclusion)
        return blocks

    def prose(self, tldr: bool = False) -> list[str]:
        """The post's prose in reading order: the intro, each section's text, the conclusion (with
        `tldr`, the TL;DR first). Every pass over the prose takes its parts from here."""
        return [*([self.summary] if tldr else []), self.intro, *(s.text for s in self.sections), self.conclusion]

    @property
    def body_words(self) -> int:
        """Words of the intro, sections and conclusion only, not counting citation markers like [2]: a
        planning figure for the pipeline and the benchmarks. The post's word count, the one every
        surface shows, is `render.post_words` (title, TL;DR and headings count too)."""
        return sum(len(re.sub(r"\s?\[\d+(?:,\s*\d+)*\]", "", p).split()) for p in self.prose())


# The parts of a post, by name: "intro", "s0", "s1", ... (sections) and "conclusion". Every surface
# (edits, the web page, the CLI, rendering) uses these names and labels, never its own copy.
INTRO = "intro"
CONCLUSION = "conclusion"
INTRO_LABEL = "Introduction"
CONCLUSION_HEADING = "Wrapping Up"
LAST_FACT_HEADING = "One Last Thing"  # a post of facts that closes on its last fact: no wrap-up, one more fact
TLDR_LABEL = "TL;DR"
PART_LABELS = {INTRO: INTRO_LABEL, CONCLUSION: CONCLUSION_HEADING}


def section_part(index: int) -> str:
    """The part name of section `index` (0-based): "s0", "s1", ..."""
    return f"s{index}"


def section_index(part: str) -> int | None:
    """The section index of a part name ("s2" -> 2), None for the intro, conclusion or a bad name."""
    if len(part) > 1 and part[0] == "s" and part[1:].isdigit():
        return int(part[1:])
    return None


def parts_of(post: Post) -> list[tuple[str, str, str]]:
    """(part name, label or heading, text) for every part of the post, in reading order."""
    out = [(INTRO, INTRO_LABEL, post.intro)]
    out += [(section_part(i), s.heading, s.text) for i, s in enumerate(post.sections)]
    return out + [(CONCLUSION, post.wrap_up_heading, post.conclusion)]
