"""From a request (and the flags, which win over what the text says) to a `Brief`; an outline file
to parts; what was understood, for `--show-brief`; the instruction line the section prompts carry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from blogwright.briefs.parts import _BULLET, _NUMBERED, as_point, clean, heading_from
from blogwright.briefs.reader import Reading, read_request
from blogwright.core.errors import BadInput
from blogwright.model.brief import Brief, Part, make_brief
from blogwright.text.tokens import content_words

DEFAULTS = {"words": 600, "voice": "plain-expert", "audience": "newbie"}
# Instructions the pipeline carries out itself (length, headings, title, summary, format): not for the prompts.
FORMAT = re.compile(r"\b(?:words?|headings?|subheadings?|sections?|paragraphs?|titles?|headlines?|tl;?dr|summary|markdown|"
                    r"meta|bullets?|lists?|format(?:ted|ting)?|structure|outline|seo|h[1-4]|conclusion|introduction|intro|"
                    r"length|long|short|blog post|article|post)\b", re.I)


@dataclass
class Understood:
    """The brief to write, what the reader read, and where each field came from (text, flag, default)."""

    brief: Brief
    reading: Reading
    origin: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        r = self.reading
        return {"brief": self.brief.model_dump(mode="json", exclude={"request"}), "origin": self.origin,
                "length_asked": ({"words": r.asked.words, "kind": r.asked.kind, "phrase": r.asked.phrase}
                                 if r.asked else None),
                "parts_source": r.parts_source, "form": r.form, "article": r.article, "remarks": r.remarks}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def brief_from_request(request: str, *, topic: str | None = None, words: int | None = None,
                       voice: str | None = None, audience: str | None = None, keywords: list[str] | None = None,
                       notes: list[str] | None = None, sources: list[str] | None = None,
                       parts: list[Part] | None = None, title: str | None = None, force: bool = False) -> Understood:
    """Read `request` and build the Brief; every flag given (not None / non-empty) wins over the text.
    A request for something that is not an article (an email, a speech) is a `BadInput` unless `force`."""
    reading = read_request(request)
    if not reading.article and not force:
        raise BadInput(f"blogwright writes blog posts, and this asks for {_article(reading.form)} {reading.form}: "
                       f"ask for a post about it, or pass --force to write the closest blog post")
    origin: dict[str, str] = {}

    def pick(name: str, flag: Any, read: Any, default: Any = None) -> Any:
        if flag not in (None, "", []):
            origin[name] = "flag"
            return flag
        if read not in (None, "", []):
            origin[name] = "text"
            return read
        origin[name] = "default"
        return default

    instructions = list(reading.instructions)
    if not reading.article:
        instructions.insert(0, f"Write it as a blog post, not {_article(reading.form)} {reading.form}.")
    brief = make_brief(
        topic=pick("topic", topic, reading.topic, ""),
        words=pick("words", words, reading.words, DEFAULTS["words"]),
        voice=pick("voice", voice, reading.voice, DEFAULTS["voice"]),
        audience=pick("audience", audience, reading.audience, DEFAULTS["audience"]),
        keywords=pick("keywords", keywords, reading.keywords, []),
        notes=list(notes or []), sources=list(sources or []),
        request=reading.request, title=pick("title", title, reading.title, ""),
        parts=pick("parts", parts, reading.parts, []), instructions=instructions,
        persona_line=reading.persona_line, tone=reading.tone, reader=reading.reader,
    )
    return Understood(brief=brief, reading=reading, origin=origin)


def parse_outline(text: str) -> tuple[str, list[Part]]:
    """(title, parts) from an outline file: Markdown headings, each optionally followed by a line
    (or a few) of points; or, without headings, a list of items. A lone `# Title` above `##`
    headings is the title. No headings and no list is a `BadInput`."""
    lines = re.sub(r"\r\n?", "\n", text or "").split("\n")
    heads = [(i, len(m.group(1)), clean(m.group(2))) for i, ln in enumerate(lines)
             if (m := re.match(r"^(#{1,6})\s+(.+?)\s*#*\s*$", ln))]
    title = ""
    if len(heads) > 1 and heads[0][1] == 1 and all(h[1] > 1 for h in heads[1:]):
        title, heads = heads[0][2], heads[1:]
    parts: list[Part] = []
    for k, (i, _level, heading) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        body = [re.sub(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+", "", ln).strip() for ln in lines[i + 1:end] if ln.strip()]
        point = as_point("; ".join(b.rstrip(".;") for b in body)) if body else ""
        parts.append(Part(heading=heading, point=point))  # the user's own heading, as written
    if not parts:
        body = "\n".join(lines)
        items = [m.group("item") for m in _NUMBERED.finditer(body)] or [m.group("item") for m in _BULLET.finditer(body)]
        for item in items:
            heading, point = heading_from(item)
            parts.append(Part(heading=heading, point=point))
    if not parts:
        raise BadInput("the outline has no headings: write one `## Heading` per section, optionally with a line of points under it")
    return title, parts


def prompt_instructions(brief: Brief, max_words: int = 40) -> str:
    """The instructions every section prompt carries: the brief's style and content instructions
    (not the ones the pipeline carries out itself: length, headings, title, format), the reader
    and the tone when stated; at most `max_words` words, whole sentences only."""
    chosen: list[str] = []
    if brief.reader:
        chosen.append(f"Write for {brief.reader}.")
    if brief.tone and not any("tone" in i.lower() for i in brief.instructions):
        chosen.append(f"Use a {brief.tone} tone.")
    said = set(content_words(brief.reader))
    chosen += [i for i in brief.instructions if not FORMAT.search(i)
               and not (said and set(content_words(i)) <= said)]  # "For history enthusiasts." once is enough
    out: list[str] = []
    n = 0
    for sentence in chosen:
        k = len(sentence.split())
        if n + k > max_words:
            continue
        out.append(sentence)
        n += k
    return " ".join(out)


def describe(u: Understood) -> list[str]:
    """What was understood, as lines for a person (`blogwright write --show-brief`)."""
    b, r, o = u.brief, u.reading, u.origin
    said = {"text": "from the request", "flag": "from the flag", "default": "default"}
    length = f"{b.words} words ({said[o.get('words', 'default')]}"
    if o.get("words") == "text" and r.asked:
        length += f': "{r.asked.phrase}"' + (f", {r.asked.kind} {r.asked.words}" if r.asked.words != b.words else "")
    lines = [f"topic:        {b.topic}", f"length:       {length})"]
    if b.title:
        lines.append(f"title:        {b.title}")
    lines.append(f"audience:     {b.audience.value}" + (f" ({b.reader})" if b.reader else "")
                 + f" [{said[o.get('audience', 'default')]}]")
    lines.append(f"voice:        {b.voice}" + (f" (tone: {b.tone})" if b.tone else "") + f" [{said[o.get('voice', 'default')]}]")
    if b.persona_line:
        lines.append(f"persona:      {b.persona_line}")
    if r.form:
        lines.append(f"asked for:    {_article(r.form)} {r.form}" + ("" if r.article else " (not an article: --force)"))
    if b.parts:
        lines.append(f"parts:        {len(b.parts)}, in order ({r.parts_source or said[o.get('parts', 'default')]}):")
        for i, p in enumerate(b.parts, 1):
            role = f" [the post's {p.role}]" if p.role else ""
            words = f" (~{p.words} words)" if p.words else ""
            lines.append(f"  {i}. {p.heading}{role}{words}" + (f": {p.point}" if p.point else ""))
    else:
        lines.append("parts:        none named; blogwright plans the sections")
    if b.keywords:
        lines.append(f"keywords:     {', '.join(b.keywords)}")
    if b.instructions:
        lines.append("instructions:")
        lines += [f"  - {i}" for i in b.instructions]
    lines += [f"note:         {m}" for m in r.remarks]
    return lines
