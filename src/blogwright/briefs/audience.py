"""The reader and the tone a request states: "for complete beginners", "Audience: platform engineers",
"in a warm, conversational tone". The reader maps to an audience level; the tone suggests a voice."""

from __future__ import annotations

import re

from blogwright.briefs.parts import clean


def _cut(text: str, limit: int = 10) -> str:
    text = re.split(r"[.;!?\n(]|,\s|\s[-–—]\s", clean(text))[0]
    return " ".join(text.split()[:limit]).strip(" \"'“”‘’,")


# "for people who just got their first starter from a friend and are scared they will kill it": kept whole.
READER_CLAUSE = re.compile(r"\bfor (?P<r>(?:people|readers|those|anyone|someone|everyone|folks|[\w-]+s) who\s[^.;!?\n]+)", re.I)
AUDIENCE_RE = [
    re.compile(r"\b(?:target audience|audience|readers?|readership)\s*(?:is|are|will be|:|=)\s*(?P<r>[^.\n;]+)", re.I),
    re.compile(r"\b(?:aimed at|targeted at|targeting|geared (?:toward|towards|to)|written for|intended for|tailored (?:for|to)|"
               r"for an audience of|for readers who are|for people who are|for those who are)\s+(?P<r>[^.,;\n]+)", re.I),
    re.compile(r"\bfor (?P<r>(?:complete |absolute |total )?(?:beginners|newcomers|novices|newbies|first-time [\w-]+|"
               r"non-technical [\w-]+|non-experts|experts|professionals|practitioners|specialists|researchers|developers|"
               r"engineers|designers|marketers|managers|founders|students|teachers|parents|sysadmins|homeowners|"
               r"(?:junior|senior|busy|new|young|small|aspiring|experienced|seasoned|working|fellow|curious)\s+[\w-]+|"
               r"[\w-]+\s+(?:owners|parents|students|teachers|managers|marketers|developers|engineers|professionals|"
               r"enthusiasts|lovers|travell?ers|founders|nurses|doctors|designers|writers|investors|beginners|"
               r"cooks|gardeners|runners|readers)))\b", re.I),
    re.compile(r"\bfor (?:a|an|the) (?P<r>(?:general|wide|broad|non-technical|technical|expert|lay|young|professional|"
               r"specialist|academic)\s+(?:audience|readership|public))\b", re.I),
    re.compile(r"\b(?P<r>beginners?'?s?|beginner-friendly|introductory|entry-level|advanced|expert-level)\b", re.I),
]
NEWBIE = re.compile(r"\bfirst\b|just (?:got|started|began|bought|moved)|scared|afraid|never (?:\w+ )?(?:before|used|tried)|beginner|newcomer|novice|newbie|first-time|non-technical|non-expert|general (?:audience|public|readers)|"
                    r"everyday|kids|children|teen|lay ?(?:people|readers|person)|anyone|everyone|\bnew\b|no (?:prior |[\w-]+ )?"
                    r"(?:experience|background|knowledge)|curious|casual readers|students|parents|introductory|entry-level", re.I)
EXPERT = re.compile(r"expert|researcher|specialist|advanced|seasoned|senior|phd|academic|veteran|in-depth technical", re.I)
PRACT = re.compile(r"professional|practitioner|developer|engineer|manager|marketer|working|intermediate|team|owners|"
                   r"scientist|sysadmin|administrator|"
                   r"founders|designers|nurses|doctors|investors|clinicians|administrators|analysts|teachers", re.I)
TONE_RE = [
    re.compile(r"\b(?:in|with|using|adopt|keep|maintain|strike|take|write in|use)\s+(?:a|an)\s+(?P<t>(?:[\w-]+(?:,\s*|\s+and\s+|"
               r"\s+or\s+|\s+yet\s+|\s+))*?[\w-]+)\s+(?:tone|voice|style|register|manner)\b", re.I),
    re.compile(r"\b(?:tone|style)\s+(?:should be|must be|is|:|=)\s+(?P<t>[^.\n;]+)", re.I),
    re.compile(r"\bkeep (?:it|the (?:post|article|tone))\s+(?P<t>(?:light|casual|friendly|fun|simple|professional|formal|"
               r"conversational|upbeat|playful|punchy|witty|warm|informal|lighthearted|light-hearted)(?:\s+and\s+[\w-]+)?)", re.I),
]
VOICE_BY_TONE = [
    ("snarky-mentor", re.compile(r"snark|sarcas|witty|humou?r|funny|playful|cheeky|irreverent|sassy|edgy|tongue", re.I)),
    ("friendly-teacher", re.compile(r"friendly|warm|conversational|casual|encouraging|approachable|gentle|light|fun|"
                                    r"upbeat|enthusiastic|personal|inviting|engaging|informal|chatty|relaxed", re.I)),
    ("plain-expert", re.compile(r"formal|professional|neutral|authoritative|informative|academic|objective|serious|"
                                r"clear|concise|technical|factual|straightforward|matter-of-fact", re.I)),
]


def _first_match(text: str, patterns: list[re.Pattern], group: str) -> str:
    """`group` of the first of `patterns` that matches `text` ("" when none does)."""
    m = next((m for m in (rx.search(text) for rx in patterns) if m), None)
    return m.group(group) if m else ""


def audience_of(text: str, meta: dict[str, str]) -> tuple[str, str]:
    reader = meta.get("audience", "") or _cut(_first_match(text, AUDIENCE_RE, "r"))
    clause = None if meta.get("audience") else READER_CLAUSE.search(text)
    if clause and (not reader or reader in clause.group("r")):
        reader = clean(clause.group("r"))  # "people who just got ... within a week": kept whole
    if not reader:
        return "", ""
    for level, rx in (("expert", EXPERT), ("newbie", NEWBIE), ("practitioner", PRACT)):
        if rx.search(reader):
            return level, reader
    return "", reader


def tone_of(text: str, meta: dict[str, str]) -> tuple[str, str]:
    tone = meta.get("tone", "") or clean(_first_match(text, TONE_RE, "t"))
    tone = " ".join(tone.split()[:8])
    for voice, rx in VOICE_BY_TONE:
        if tone and rx.search(tone):
            return tone, voice
    return tone, ""
