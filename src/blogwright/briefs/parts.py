"""The parts a request names, in order: Markdown headings, "Label: description" runs ("Food
Characteristics: ... Personal Experience: ..."), numbered and bulleted lists of points, and
enumerations ("including its purpose, procedure and aftercare").

Pure and deterministic. Lists of requirements ("- use a friendly tone") are told apart from lists of
points and come back as instructions. Every span used is returned, so the reader can work on the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from blogwright.briefs.asked_length import find_lengths
from blogwright.briefs.words import LIST_VERBS, POST_NOUNS
from blogwright.model.brief import Part
from blogwright.text.sentences import split_sentences
from blogwright.text.tokens import title_case

# Labels that say something about the request rather than name a part of the post.
META = {
    "topic": "topic", "subject": "topic", "theme": "topic", "title": "title", "headline": "title",
    "working title": "title", "post title": "title", "audience": "audience", "target audience": "audience",
    "readers": "audience", "reader": "audience", "target readers": "audience", "tone": "tone",
    "style": "tone", "voice": "tone", "tone of voice": "tone", "writing style": "tone", "keywords": "keywords",
    "keyword": "keywords", "seo keywords": "keywords", "focus keyword": "keywords", "length": "length",
    "word count": "length", "words": "length", "word limit": "length", "target length": "length",
}
HEADERS = ("structure", "outline", "sections", "format", "requirements", "guidelines", "rules", "notes",
           "note", "instructions", "constraints", "context", "background", "role", "task", "goal", "goals",
           "deliverable", "output", "platform", "example", "examples", "p.s", "ps", "nb", "important",
           "additional notes", "additional information", "details", "brief", "assignment", "request")
SMALL = {"of", "and", "for", "the", "to", "in", "on", "with", "a", "an", "&", "vs", "your", "my", "or", "at",
         "from", "by", "its", "our", "their", "why", "how", "what", "you", "it", "is"}
IMPERATIVE = re.compile(
    r"^(?:please\s+)?(?:briefly\s+)?(?:describe|explain|discuss|share|tell (?:readers |us |me |the reader )?about|"
    r"talk about|write about|give|provide|list|outline|mention|highlight|introduce|include|cover|summari[sz]e|"
    r"compare|offer|present|detail|elaborate on|reflect on|analy[sz]e|explore|examine|recommend|suggest|"
    r"show|walk (?:readers |the reader )?through|focus on|address|touch on|note|point out|state|identify)\s+",
    re.I)
DIRECTIVE = re.compile(
    r"^(?:please\s+)?(?:use|avoid|keep|make sure|ensure|write (?:in|for|with|it|from|as)|do not|don't|never|"
    r"always|add (?:a |an |some )?(?:call|cta|headings?|subheadings?|links?|meta|title|emoji)|format|"
    r"optimi[sz]e|aim|end with|start with|begin with|finish with|close with|open with|"
    r"include (?:a |an |the |some |relevant )?(?:call to action|cta|keywords?|links?|headings?|subheadings?|"
    rf"title|meta|faq|hashtags?|emoji|sources?|citations?)|(?:the )?(?:{POST_NOUNS}|tone|language|"
    r"content|text|writing|style) (?:should|must|is|needs)|tone|style|length|word count|readability|seo|"
    r"no (?:jargon|fluff|more than)|at least|around \d|approximately \d|target|be (?:concise|clear|friendly|"
    r"engaging|specific)|stay|sound|speak|address the reader|written in|in (?:a |an )?\w+ tone)\b", re.I)
INSTR_HEADER = re.compile(
    r"\b(?:requirements?|guidelines?|rules|instructions?|constraints?|notes?|style|tone|format(?:ting)?|seo|"
    r"keep in mind|important|please|dos and don'?ts|specifications?|specs|criteria|additional|"
    r"make sure|remember)\b", re.I)
PARTS_HEADER = re.compile(
    r"\b(?:structure|outline|sections?|cover|covering|points?|topics?|include|including|discuss|talk about|"
    r"address|agenda|headings?|parts?|the following|steps|should (?:cover|include|discuss|have)|"
    r"organi[sz]e)\b", re.I)
GLOBAL = re.compile(
    rf"^(?:the (?:{POST_NOUNS}|essay|whole|entire|overall)|overall|throughout|in total|total|"
    r"make sure|please|remember|don't forget|use a|keep (?:it|the)|write (?:in|it)|the tone|tone|aim for|"
    r"end (?:with|the)|(?:approximately|about|around|roughly|at least|no (?:less|more) than|under|"
    r"up to|between)\s+[\d,]+|[\d,]+\s*(?:-|to)?\s*[\d,]*\s*words)", re.I)
FORM_LABEL = re.compile(rf"\b(?:{POST_NOUNS}|essay|guide|newsletter|tutorial|explainer|review)\b", re.I)


def _whole_label(*alternatives: str, numbered: bool = False) -> re.Pattern[str]:
    """A label that is one of `alternatives` and nothing else (with a number after it when `numbered`)."""
    number = r"\s*\d+" if numbered else ""
    return re.compile(rf"^(?:{'|'.join(alternatives)}){number}$", re.I)


# "Day 1: ...", a label that names no subject; the section names the parts a post opens and ends with
GENERIC_LABEL = _whole_label("day", "week", "phase", "stage", "month", "level", "round", "tip", "idea", "reason",
                             "option", "lesson", "chapter", "module", "unit", numbered=True)
INTRO = _whole_label(r"intro(?:duction)?", "opening", "hook", r"lead[- ]in", "the hook")
OUTRO = _whole_label("conclusion", r"wrap[- ]?up", "wrapping up", "final thoughts", r"closing(?: thoughts)?",
                     "summary", "in conclusion", "outro", "recap", "the bottom line",
                     r"conclusion and (?:cta|call to action)")

ENUM = re.compile(
    rf"(?:\b(?:{LIST_VERBS}|with sections (?:on|about|for)|sections on|organi[sz]ed (?:into|around)|broken (?:down )?into|"
    r"structured around|divided into|split into)\s+(?:the following:?\s*)?|:[ \t]+)(?P<list>[^.;:!?\n]+)", re.I)
POSSESSIVE = re.compile(r"^(?:its|their|his|her|your|our|my)\s+", re.I)

_LABEL = re.compile(
    r"(?:^|(?<=[.!?…:]\s)|(?<=[.!?…][\"”’)]\s))[ \t]*(?P<bullet>[-*•+][ \t]+|\(?\d{1,2}[.)][ \t]+)?"
    r"(?:\*\*|__)?(?P<label>[A-Z][\w'’&/-]*(?:[ \t]+[\w'’&/-]+){0,6}?)(?:\*\*|__)?[ \t]*"
    r"(?:\((?P<paren>[^)\n]{1,40})\))?[ \t]*(?:\*\*|__)?:(?:\*\*|__)?(?=[ \t\n]|$)", re.M)
_NUMBERED = re.compile(r"^[ \t]*(?:\*\*)?(?:(?:step|part|section|point)[ \t]+)?\(?(?P<n>\d{1,2})[.):][ \t]+(?P<item>\S.*)$",
                       re.M | re.I)
_INLINE_NUM = re.compile(r"(?:^|(?<=\s))\(?(?P<n>\d{1,2})[.)][ \t]+(?=[A-Za-z\"“*])")
_BULLET = re.compile(r"^[ \t]*[-*•+][ \t]+(?P<item>\S.*)$", re.M)
_HEADING = re.compile(r"^(?P<h>#{1,6})[ \t]+(?P<text>.+?)[ \t#]*$", re.M)


@dataclass
class FoundParts:
    parts: list[Part] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # text used by parts, lists and labels
    source: str = ""  # headings | labels | numbered | bullets | enumeration | ""
    title: str = ""  # a Markdown `# Title` above `##` parts
    instructions: list[str] = field(default_factory=list)  # list items that are requirements
    meta: dict[str, str] = field(default_factory=dict)  # topic, title, audience, tone, keywords, length
    possessive: bool = False  # enumerated items spoke of "its ..." (the topic's)


def clean(text: str) -> str:
    text = re.sub(r"\*\*|__|`", "", text)
    return re.sub(r"\s+", " ", text).strip(" \t-–—:;,")


def as_point(body: str, limit: int = 40) -> str:
    """A part's description as the point a section explains: the leading imperative dropped
    ("Describe the aroma" -> "the aroma"), sentences joined with "; ", at most `limit` words."""
    sentences = split_sentences(clean(body), lowercase=True)
    out = []
    for s in sentences:
        s = IMPERATIVE.sub("", s.strip()).rstrip(".!? ")
        if s:
            out.append(s[0].lower() + s[1:] if s[:2] != s[:2].upper() else s)
    words = "; ".join(out).split()
    return " ".join(words[:limit]).rstrip(",;:")


def heading_from(item: str) -> tuple[str, str]:
    """(heading, point) from a list item: "Label: text" or "Label - text" split; otherwise the item
    shortened to a heading (imperative and tail dropped) with the whole item as the point."""
    item = clean(item)
    m = re.match(r"^([^:–—]{2,60}?)\s*(?::|\s[-–—]\s)\s*(.+)$", item)
    if m and len(m.group(1).split()) <= 7:
        return title_case(m.group(1).strip()), as_point(m.group(2)) or as_point(m.group(1))
    point = as_point(item)
    head = IMPERATIVE.sub("", item)
    head = re.split(r"[,;(]|\s[-–—]\s|\s(?:such as|e\.g\.|for example|like)\s|[.!?](?:\s|$)", head)[0]
    if len(head.split()) > 8:  # too long for a heading: the noun phrase before its clause, not 8 words cut mid-clause
        head = re.split(r"\s(?:that|which|who|when|where|because|if)\s", head)[0]
    words = head.split()[:8]
    while words and words[-1].lower() in SMALL:
        words.pop()
    heading = title_case(" ".join(words)) if words else title_case(item[:60])
    return heading.rstrip(".:"), point or item


def _role(heading: str, i: int, n: int) -> str:
    h = heading.strip().rstrip(":").lower()
    if i == 0 and INTRO.match(h):
        return "intro"
    if i == n - 1 and OUTRO.match(h):
        return "conclusion"
    return ""


def _with_roles(parts: list[Part]) -> list[Part]:
    for i, p in enumerate(parts):
        p.role = _role(p.heading, i, len(parts))
    return parts


def _part_words(text: str) -> int:
    asks = find_lengths(text)
    return asks[0].words if asks else 0


def _split_global(body: str) -> tuple[str, list[str]]:
    """(the part's own text, trailing sentences about the whole post)."""
    sentences = split_sentences(body, lowercase=True) or [""]
    tail: list[str] = []
    while len(sentences) > 1 and GLOBAL.match(sentences[-1].strip()):
        tail.insert(0, sentences.pop())
    return " ".join(sentences), tail


def _first_paragraph(raw: str, strip: bool = True) -> str:
    """The lines right under a heading, up to a blank line: what follows a blank line is the request
    around the outline, not this part."""
    m = re.match(r"[ \t]*\n((?:[ \t]*\S[^\n]*(?:\n|$))*)", raw)
    body = m.group(0) if m else ""
    return body.strip() if strip else body


def from_headings(text: str, found: FoundParts) -> list[Part]:
    heads = list(_HEADING.finditer(text))
    if len(heads) < 2:
        return []
    top = [h for h in heads if len(h.group("h")) == 1]
    if len(top) == 1 and heads[0] is top[0] and all(len(h.group("h")) > 1 for h in heads[1:]):
        found.title = clean(top[0].group("text"))
        heads = heads[1:]
    parts = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body = _first_paragraph(text[h.end():end])
        own, tail = _split_global(body)
        found.instructions += tail
        heading, point = clean(h.group("text")), as_point(own)
        parts.append(Part(heading=heading, point=point, words=_part_words(own)))
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        found.spans.append((h.start(), h.end() + len(_first_paragraph(text[h.end():end], strip=False))))
    if found.title:
        found.spans.append((top[0].start(), top[0].end()))
    return parts if len(parts) >= 2 else []


def _labels(text: str) -> list[re.Match]:
    out = []
    for m in _LABEL.finditer(text):
        label = clean(m.group("label"))
        words = label.split()
        line_start = m.start() == 0 or text[m.start() - 1] == "\n" or text[:m.start()].endswith("\n")
        titled = all(w[0].isupper() or w.lower() in SMALL or not w[0].isalpha() for w in words)
        if not words or len(words) > 7 or not (titled or line_start):
            continue
        out.append(m)
    return out


def scan_meta(text: str, found: FoundParts) -> None:
    """Meta labels ("Topic: ...", "Tone: ...", "Word count: ...") into `found.meta`, their lines used."""
    for m in _labels(text):
        key = re.sub(r"[^a-z ]", "", clean(m.group("label")).lower()).strip()
        if key not in META:
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        raw = text[m.end():line_end]
        stop = re.search(r"(?<=[.!?])\s+(?=[A-Z])", raw)  # "Audience: data scientists. Tone: plain."
        if stop:
            raw, line_end = raw[:stop.start()], m.end() + stop.start()
        value = clean(raw).rstrip(".")
        if META[key] == "topic" and not value:
            continue
        found.meta.setdefault(META[key], value)
        found.spans.append((m.start(), line_end))


def from_labels(text: str, found: FoundParts) -> list[Part]:
    """ "Label: description" runs (meta labels and list headers excepted)."""
    marks = _labels(text)
    parts: list[Part] = []
    spans: list[tuple[int, int]] = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        para = text.find("\n\n", m.end())
        if 0 <= para < end:
            end = para
        if m.group("bullet"):  # a list item: its own line (and indented continuation lines) only
            nl = re.search(r"\n(?![ \t]+\S)", text[m.end():end])
            end = m.end() + nl.start() if nl else end
        label = clean(m.group("label"))
        key = re.sub(r"[^a-z ]", "", label.lower()).strip()
        body = text[m.end():end].strip()
        numbered = re.match(r"^(?:part|section|step)\s*\d+$", key)
        if key in META or key in HEADERS or not body or FORM_LABEL.search(key):
            continue  # meta labels are scanned apart; an empty body is a list header; "Blog post: X" is the request
        own, tail = _split_global(body)
        found.instructions += tail
        words = _part_words(m.group("paren") or "") or _part_words(own)
        if numbered:
            heading, point = heading_from(own)
        elif GENERIC_LABEL.match(key):  # "Day 1: Alfama and the castle." -> "Day 1: Alfama and the Castle"
            first = heading_from(own)[0]
            heading, point = (f"{label}: {first}" if first and len(first.split()) <= 6 else label), as_point(own)
        else:
            heading, point = label, as_point(own)
        parts.append(Part(heading=title_case(heading), point=point, words=words))
        spans.append((m.start(), end))
    if len(parts) >= 2:
        found.spans += spans
        return parts
    return []


def _list_header(text: str, start: int) -> str:
    before = text[:start].rstrip()
    line = before.rsplit("\n", 1)[-1] if before else ""
    if not line.rstrip().endswith(":"):
        sentence = split_sentences(line, lowercase=True)[-1] if line.strip() else ""
        return sentence if sentence.rstrip().endswith(":") else ""
    return (split_sentences(line, lowercase=True) or [""])[-1]


def _is_instructions(header: str, items: list[str]) -> bool:
    if header and INSTR_HEADER.search(header) and not PARTS_HEADER.search(header.split(":")[0][-25:]):
        return True
    if header and PARTS_HEADER.search(header):
        return False
    directive = sum(bool(DIRECTIVE.match(clean(i))) for i in items)
    return directive * 2 > len(items)


def _runs(matches: list[re.Match], text: str, numbered: bool) -> list[list[re.Match]]:
    """Consecutive list lines (blank lines and continuation lines allowed between items)."""
    runs: list[list[re.Match]] = []
    for m in matches:
        if runs:
            gap = text[runs[-1][-1].end():m.start()]
            consecutive = "\n\n\n" not in gap and not re.search(r"\n\S", gap.replace("\n\n", "\n"))
            in_order = not numbered or int(m.group("n")) == int(runs[-1][-1].group("n")) + 1
            if consecutive and in_order:
                runs[-1].append(m)
                continue
        if not numbered or int(m.group("n")) == 1:
            runs.append([m])
    return [r for r in runs if len(r) >= 2]


def from_lists(text: str, found: FoundParts, numbered: bool, parts_wanted: bool = True) -> list[Part]:
    """List items as parts (the first list of points), requirement lists as instructions. With
    `parts_wanted` False (another source named the parts), only requirement lists are taken."""
    matches = list((_NUMBERED if numbered else _BULLET).finditer(text))
    chosen: list[Part] = []
    for run in _runs(matches, text, numbered):
        if any(s <= run[0].start() < e for s, e in found.spans):
            continue
        items = [clean(m.group("item")) for m in run]
        header = _list_header(text, run[0].start())
        span = (run[0].start() - (len(header) + 1 if header else 0), run[-1].end())
        if _is_instructions(header, items):
            found.instructions += items
            found.spans.append(span)
            continue
        if not parts_wanted or chosen:
            continue
        found.spans.append(span)
        for item in items:
            heading, point = heading_from(item)
            chosen.append(Part(heading=heading, point=point, words=_part_words(item)))
    return chosen


def from_inline_numbers(text: str, found: FoundParts) -> list[Part]:
    """ "... 1. the history 2. the recipe 3. where to eat it" on one line."""
    for para in re.finditer(r"[^\n]+", text):
        marks = [m for m in _INLINE_NUM.finditer(para.group(0))]
        seq = []
        for m in marks:
            if int(m.group("n")) == len(seq) + 1:
                seq.append(m)
        if len(seq) < 2:
            continue
        line = para.group(0)
        parts = []
        for i, m in enumerate(seq):
            end = seq[i + 1].start() if i + 1 < len(seq) else len(line)
            item = line[m.end():end]
            if i + 1 == len(seq):  # the last point: its sentences up to one about the whole post (tone, length)
                said = re.split(r"(?<=[.!?])\s+", item.strip())
                keep = 1
                while keep < len(said) and not GLOBAL.match(said[keep]) and not DIRECTIVE.match(said[keep]) \
                        and not find_lengths(said[keep]) and not re.match(r"^(?:write|the post|this post|i want)\b", said[keep], re.I):
                    keep += 1
                item = " ".join(said[:keep])
                end = m.end() + len(line[m.end():end]) - len(line[m.end():end].lstrip()) + len(item)
            heading, point = heading_from(item)
            parts.append(Part(heading=heading, point=point, words=_part_words(item)))
        start = seq[0].start()
        header = re.search(r"(?:^|(?<=[.!?])\s)(?P<h>[^.!?]*:)\s*$", line[:start])  # "Cover these points, in this order:"
        if header and PARTS_HEADER.search(header.group("h")):
            start = header.start("h")
        found.spans.append((para.start() + start, para.start() + end))
        return parts
    return []


def split_list(listed: str) -> list[str]:
    """ "a, b and c" / "a, b, and c" -> [a, b, c]; "x and y, z, and w" keeps "x and y" whole: only the
    last item is split at its "and", and only when no other item has one."""
    raw = [clean(re.sub(r"^(?:and|or|as well as|plus)\s+", "", i.strip(), flags=re.I)) for i in listed.split(",")]
    raw = [i for i in raw if i]
    if raw and len(raw) >= 2 and not any(re.search(r"\s(?:and|or)\s", i) for i in raw[:-1]):
        last = re.split(r"\s+(?:and|or|as well as|plus)\s+(?!.*\s(?:and|or)\s)", raw[-1], maxsplit=1)
        raw = raw[:-1] + [clean(x) for x in last if clean(x)]
    return raw


def from_enumeration(text: str, found: FoundParts) -> list[Part]:
    for m in ENUM.finditer(text):
        listed = m.group("list").strip()
        if m.group(0).lstrip().startswith(":") and listed.count(",") < 2:
            continue  # after a bare colon, only a real list ("a, b, c") counts
        items = split_list(listed)
        if len(items) < 3 or len(items) > 8 or any(len(i.split()) > 8 for i in items):
            continue
        found.possessive = bool(POSSESSIVE.match(items[0]))
        parts = []
        for item in items:
            bare = re.sub(r"^(?:the|a|an)\s+", "", POSSESSIVE.sub("", item), flags=re.I)
            parts.append(Part(heading=title_case(bare), point=f"its {bare}" if found.possessive else item))
        found.spans.append((m.start(), m.end()))
        return parts
    return []


def find_parts(text: str) -> FoundParts:
    """The named parts, from the first source that names at least two (headings, labels, numbered
    lists, bulleted lists, an inline numbered list, an enumeration of three or more); lists of
    requirements anywhere become instructions."""
    found = FoundParts()
    scan_meta(text, found)
    for source, fn in (("headings", from_headings), ("labels", from_labels),
                       ("numbered", lambda t, f: from_lists(t, f, True)),
                       ("bullets", lambda t, f: from_lists(t, f, False)),
                       ("numbered", from_inline_numbers), ("enumeration", from_enumeration)):
        parts = fn(text, found)
        if len(parts) >= 2:
            found.parts, found.source = _with_roles(parts), source
            break
    for numbered in (True, False):
        from_lists(text, found, numbered, parts_wanted=False)
    return found
