"""Read a request written the way people write them: the topic, the length, the named parts, the
audience and tone when stated, the role ("You are a food blogger ...") and the rest as instructions.

Deterministic (the bundled model cannot do this reliably). A short topic with no request in it
("LLM Ops vs ML Ops") comes back unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from blogwright.briefs.asked_length import LengthAsk, find_length, find_lengths
from blogwright.briefs.audience import READER_CLAUSE, audience_of, tone_of
from blogwright.briefs.parts import DIRECTIVE, IMPERATIVE, clean, find_parts
from blogwright.briefs.words import POST_NOUNS, TOPIC_THAT_VERBS, TOPIC_VERBS
from blogwright.model.brief import MAX_WORDS, MIN_WORDS, Part
from blogwright.text import english
from blogwright.text.sentences import split_sentences

ARTICLE_FORMS = (
    r"blog[\s-]?posts?|blog entry|blogs?|posts?|articles?|guides?|tutorials?|how-?tos?|explainers?|essays?|"
    r"newsletters?|reviews?|listicles?|pieces?|write-?ups?|columns?|features?|op-?eds?|opinion pieces?|"
    r"round-?ups?|case stud(?:y|ies)|primers?|overviews?|deep[\s-]dives?|walkthroughs?|forum (?:posts?|answers?|replies)|"
    r"answers?|news stor(?:y|ies)|feature stor(?:y|ies)|content|explanations?|introductions?|analys[ie]s|commentar(?:y|ies)")
OTHER_FORMS = (
    r"e-?mails?|cover letters?|letters?|speech(?:es)?|toasts?|eulog(?:y|ies)|poems?|haikus?|sonnets?|limericks?|"
    r"songs?|lyrics|raps?|tweets?|twitter threads?|threads?|scripts?|screenplays?|resumes?|résumés?|cvs?|"
    r"text messages?|sms|memos?|press releases?|ads?|advert(?:isement)?s?|slogans?|taglines?|product descriptions?|"
    r"short stor(?:y|ies)|stor(?:y|ies)|novels?|fairy tales?|fables?|jokes?|dialogues?|invitations?|proposals?|"
    r"contracts?|personal statements?|statements? of purpose|captions?|slide decks?|presentations?|quiz(?:zes)?|"
    r"job (?:ads?|postings?|descriptions?)|sales pitch(?:es)?|pitch(?:es)?|bios?")
_FORM = re.compile(rf"\b(?P<form>{ARTICLE_FORMS}|{OTHER_FORMS})\b", re.I)
_ARTICLE = re.compile(rf"^(?:{ARTICLE_FORMS})$", re.I)
REQUEST = re.compile(
    r"\b(?:write|create|compose|draft|produce|prepare|craft|generate|pen|put together|give me|i need|i want|"
    r"i'd like|i would like|we need|looking for|help me (?:write|with))\b\s+(?:me\s+|us\s+)?"
    r"(?:(?:a|an|one|the|my|our|some|this)\s+)?(?P<mods>(?:[\w,'’/()~-]+\s+){0,8}?)"
    rf"(?P<form>{ARTICLE_FORMS}|{OTHER_FORMS})\b", re.I)
TOPIC_PREP = re.compile(
    rf"\b(?:about|on|regarding|{TOPIC_VERBS}|titled|called|entitled|on the (?:topic|subject|theme) of|(?:that|which) "
    rf"(?:{TOPIC_THAT_VERBS}))\s+(?!~?\d|my blog|our blog|the blog|a blog|my website|our website|the website|"
    r"medium|linkedin|substack)", re.I)
WRITE_ABOUT = re.compile(r"\b(?:write|blog|post|talk|tell (?:readers|us|people|me)|teach (?:readers|people))\s+(?:about|on)\s+", re.I)
SUBJECT_IS = re.compile(rf"\b(?:topic|subject|theme|focus)\s+(?:is|should be|will be|:)\s+|\b(?:{POST_NOUNS})\s+"
                        r"(?:is|should be|will be|needs to be)\s+(?:about|on)\s+", re.I)
ROLE = re.compile(
    r"^(?:you are|you're|act as|acting as|imagine (?:that )?you(?:'re| are)|pretend (?:that )?you(?:'re| are)|"
    r"assume the role of|take on the role of|play the role of|i am|i'm|as)\s+(?P<p>(?:a|an|the|my|our)\s+.+)$", re.I)
WHO = re.compile(r"\bwho\s+(?:(?:has|have|had|just|recently|has just|once|lately)\s+)*(?P<verb>[a-z]+)\s+(?:to\s+)?(?P<obj>.+)$", re.I)
VAGUE = re.compile(r"^(?:your|my|our)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}(?:experiences?|thoughts|stor(?:y|ies)|opinions?|"
                   r"reviews?|journey|impressions|take|insights|perspective|views|feelings|visit|trip|meal)\b", re.I)
AUDIENCE_WORDS = (r"beginners|newbies|novices|newcomers|experts|professionals|developers|engineers|readers|people|those|"
                  r"anyone|everyone|someone|parents|students|kids|teens|children|practitioners|marketers|managers|"
                  r"founders|owners|homeowners|users|travell?ers|runners|sysadmins|clients|customers|patients|"
                  r"[\w-]+ (?:owners|enthusiasts|lovers|professionals|developers|engineers|managers|teams?|scientists|"
                  r"analysts|nurses|teachers|students|leaders|buyers|users|readers|beginners)")
TOPIC_CUT = re.compile(
    r"[.;!?\n(]|:\s|\s[-–—]\s|,\s|"
    rf"\s(?:for|aimed at|targeted at|geared toward|intended for|written for)\s+(?:complete |absolute |total |busy |new |"
    rf"first[- ]time |non-technical |young |older |aspiring |junior |senior |curious |)(?:{AUDIENCE_WORDS})\b|"
    r"\s(?:for|aimed at) (?:a|an|the) (?:[\w-]+ )?(?:audience|readership|readers)\b|"
    r"\s(?:in|with|using)\s+(?:a|an)\s+[\w, -]*?(?:tone|style|voice|way|manner)\b|"
    r"\s(?:that|which)\s+(?:is|will|should|would|can|includes?|has|are)\b|\s(?:so that|to help)\s|"
    r"\s(?:in|of|with|within|under|at)\s+(?:[a-z]+\s+){0,3}?~?\d|"
    r"\swith (?:your|my|our|the|their) (?:readers|audience|followers|subscribers|community|fans)\b|"
    r"\s(?:please|and make|and keep|and use|and include|and add|and explain|and share|and describe|and mention|"
    r"and end)\b|\s+(?:in|with)\s*$", re.I)
STYLE_WORDS = {"short", "long", "detailed", "engaging", "informative", "friendly", "beginner-friendly", "comprehensive",
               "quick", "brief", "seo-optimized", "seo", "persuasive", "fun", "casual", "professional", "in-depth",
               "thoughtful", "compelling", "well-researched", "concise", "simple", "complete", "new", "personal",
               "practical", "helpful", "useful", "witty", "humorous", "lively", "interesting", "original", "great",
               "good", "nice", "catchy", "blog", "weekly", "monthly", "linkedin", "medium", "substack", "-word", "word",
               "and", "yet", "encouraging", "gentle", "inspiring", "motivational", "reassuring", "funny", "heartfelt",
               "warm", "technical", "long-form", "essay-style", "deep", "ultimate", "definitive", "step-by-step",
               "thorough", "very", "reflective", "insightful", "balanced", "honest"}

@dataclass
class Reading:
    """What the reader understood. `words` is the length to write to; `asked` what was stated."""

    topic: str
    request: str = ""
    words: int | None = None
    asked: LengthAsk | None = None
    parts: list[Part] = field(default_factory=list)
    parts_source: str = ""
    title: str = ""
    audience: str = ""  # newbie | practitioner | expert, or "" when not stated
    reader: str = ""
    tone: str = ""
    voice: str = ""  # suggested by the tone, or ""
    persona_line: str = ""
    instructions: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    form: str = ""  # what the request asks for: "blog post", "speech", ...
    article: bool = True
    remarks: list[str] = field(default_factory=list)  # what the reader had to decide


def unwrap(text: str) -> list[str]:
    """The request's lines with hard-wrapped sentences joined: a line continues the one before unless
    that one ends a sentence or a label (., !, ?, :) or this one starts a list item or a heading."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and out[-1].strip() and line.strip() and not re.search(r"[.!?:]\s*$", out[-1]) \
                and not re.match(r"\s*(?:[-*•+]\s|\d{1,2}[.)]\s|#)", line):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def sentences(text: str) -> list[str]:
    """The sentences of a request, line by line (people type requests in lower case too)."""
    return [s for line in unwrap(text) for s in split_sentences(line, lowercase=True) if len(s) > 1]


def is_plain_topic(text: str) -> bool:
    """A topic, not a request: one line, short, no request, role, length or list in it."""
    t = text.strip()
    if "\n" in t or len(t) > 150 or len(sentences(t)) > 1:
        return False
    if REQUEST.search(t) or ROLE.match(t) or WRITE_ABOUT.search(t) or find_length(t):
        return False
    return not re.match(IMPERATIVE.pattern, t, re.I)


def cut_topic(x: str, limit: int = 14) -> str:
    """The subject phrase at the start of `x`, cut at the first clause boundary, at most `limit` words."""
    x = re.sub(r"^(?:of|in|with)?\s*(?:about|approximately|around|roughly|some|~)?\s*[\d,.]+k?[\s-]*words?\b[,\s]*"
               r"(?:(?:on|about|of|regarding)\s+)?", "", clean(x), flags=re.I).strip(" -–—:,")  # "180 words on X" -> "X"
    m = TOPIC_CUT.search(x)
    if m and m.start() > 0:
        x = x[:m.start()]
    x = re.sub(r"^(?:my blog|our blog|the blog|my website)\s+(?:about|on)\s+", "", x, flags=re.I)
    x = re.sub(r"^(?:the (?:topic|subject) of|how\s+about)\s+", "", x, flags=re.I)
    words = x.split()[:limit]
    while words and words[-1].lower() in {"of", "and", "for", "the", "to", "in", "on", "with", "a", "an", "or", "my", "your"}:
        words.pop()
    return " ".join(words).strip(" \"'“”‘’,")


def _form(text: str) -> tuple[str, bool, re.Match | None]:
    """(the form asked for, is it an article?, the request match)."""
    m = REQUEST.search(text)
    if not m:
        f = _FORM.search(text) if re.search(r"\b(?:write|compose|draft|create)\b", text, re.I) else None
        return (f.group("form").lower(), bool(_ARTICLE.match(f.group("form")))) + (None,) if f else ("", True, None)
    form = m.group("form")
    nxt = _FORM.match(text, m.end() + 1) if m.end() < len(text) else None
    if nxt and re.match(r"\s", text[m.end():m.end() + 1]):
        form = nxt.group("form")  # "an email newsletter", "a letter-style blog post"
    return form.lower(), bool(_ARTICLE.match(form)), m


def _topic_after(sentence: str, start: int) -> tuple[str, int]:
    m = TOPIC_PREP.search(sentence, start)
    if not m:
        return "", -1
    return cut_topic(sentence[m.end():]), m.end()


def _persona(sents: list[str]) -> tuple[str, int, str]:
    """(persona line, index of its sentence, what follows "As a X," in that sentence)."""
    for i, s in enumerate(sents[:4]):
        m = ROLE.match(s)
        if not m:
            continue
        p = m.group("p").strip().rstrip(".!?")
        rest = ""
        if s.lower().startswith("as ") or s.lower().startswith(("i am", "i'm")):
            head, sep, rest = p.partition(",")
            if s.lower().startswith("as ") and not sep:
                continue
            p = re.split(r"\s+and\s+(?:i|we)\b", head)[0]
        p = re.split(r";|\s+(?:and you|and your|and you're)\b", p)[0]
        return " ".join(p.split()[:25]), i, rest.strip()
    return "", -1, ""


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(max(0, a), min(len(chars), b)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _title(text: str, meta: dict[str, str], found_title: str) -> str:
    if meta.get("title"):
        return meta["title"].strip("\"'“”‘’")
    m = re.search(r"\b(?:titled|called|entitled|with the title|headline)\s*[:\-]?\s*[\"“‘'](?P<t>[^\"”’\n]{3,120})[\"”’']", text, re.I)
    return m.group("t").strip() if m else found_title


def _keywords(text: str, meta: dict[str, str]) -> list[str]:
    raw = meta.get("keywords", "")
    if not raw:
        m = re.search(r"\bkeywords?\s*(?:like|such as|:)?\s*(?P<k>(?:[\"“][^\"”\n]+[\"”](?:,?\s*(?:and\s+)?)?)+)", text, re.I)
        raw = m.group("k") if m else ""
    return [k.strip(" \"“”'") for k in re.split(r",|\band\b|;", raw) if k.strip(" \"“”'")][:8]


def read_request(text: str) -> Reading:
    """What the request asks for. Never raises; what it could not tell is left empty."""
    text = re.sub(r"\r\n?", "\n", text or "").replace("\t", " ").strip()
    if is_plain_topic(text):
        return Reading(topic=clean(text))
    found = find_parts(text)
    asked = find_length(text, exclude=found.spans)
    rest = _blank(text, found.spans)
    sents = sentences(rest)
    reading = Reading(topic="", request=text, asked=asked, parts=found.parts, parts_source=found.source)
    reading.persona_line, role_i, after_role = _persona(sents)
    if after_role:
        sents[role_i] = after_role
    elif role_i >= 0:
        sents.pop(role_i)
    reading.form, reading.article, _ = _form(" ".join(sents) or rest)
    reading.title = _title(text, found.meta, found.title)
    used: set[int] = set()
    topic, used_i, tail = _find_topic(sents, found.meta)
    if used_i >= 0:
        used.add(used_i)
    clause = next(((i, c) for i, x in enumerate(sents) if REQUEST.search(x) and (c := READER_CLAUSE.search(x))), None)
    if clause:
        used.add(clause[0])  # the request sentence names the reader: kept whole as the reader, not cut into a topic
        if not topic or used_i != clause[0] and not SUBJECT_IS.search(sents[used_i]):
            topic = english.subject(clause[1].group("r"), reading.persona_line) or topic
    if topic and english.problem(topic).startswith("ends in"):  # a clause cut mid-way is no topic
        topic = english.subject(topic) or topic
    if not topic and reading.title:
        topic = reading.title
    if not topic and reading.persona_line:
        who = WHO.search(reading.persona_line)
        topic = cut_topic(who.group("obj")) if who else cut_topic(reading.persona_line)
    if not topic and reading.parts:
        topic = reading.parts[0].heading
    if not topic:
        first = next((x for x in sents if re.search(r"[A-Za-z]{3}", x)), text)
        topic = cut_topic(first, 12)
    if VAGUE.match(topic) and reading.persona_line:
        who = WHO.search(reading.persona_line)
        if who:
            topic = f"{topic} with {cut_topic(who.group('obj'), 10)}"
    if reading.persona_line and not clause:
        topic = re.sub(r"^your\b", "my", topic, flags=re.I)
    _finish_parts(reading, found.possessive, topic)
    reading.topic = topic[:1].upper() + topic[1:]
    reading.audience, reading.reader = audience_of(text, found.meta)
    reading.tone, reading.voice = tone_of(text, found.meta)
    reading.keywords = _keywords(text, found.meta)
    instructions = [tail] if tail else []
    instructions += [clean(s) for i, s in enumerate(sents) if i not in used] + found.instructions
    done = [s if s.endswith((".", "!", "?")) else s + "." for s in instructions if _says_something(s)]
    reading.instructions = list(dict.fromkeys(done))  # once each
    _set_words(reading)
    return reading


def _says_something(sentence: str) -> bool:
    """Not a bare length statement ("Approximately 400 words.") nor a fragment."""
    for ask in find_lengths(sentence):
        sentence = sentence.replace(ask.phrase, " ")
    words = re.findall(r"[A-Za-z]{2,}", sentence)
    return len(words) >= 2 and not all(w.lower() in {"around", "about", "approximately", "total", "length", "words",
                                                     "roughly", "in", "the", "post", "of", "is", "should", "be"}
                                       for w in words)


AFTER_FORM = re.compile(r"[\s,]*(?:\([^)]*\)\s*)?(?:(?:of|in|with)\s+(?:[\w~,-]+\s+){0,3}?words?\s*)?"
                        r"(?:to|of|on|about|regarding)\s+(?!(?:about|approximately|around|roughly|some|at least|no more than|"
                        r"under|up to|over)?\s*~?\d)", re.I)
FORM_COLON = re.compile(rf"^(?:[\w'’-]+[\s,]+){{0,5}}?(?:{ARTICLE_FORMS})\b(?:[^:]{{0,40}}:|(?:\s*\([^)]*\))?"
                        r"\s+(?:on|about|regarding|covering))\s+(?P<x>.+)$", re.I)
FOR_READERS = re.compile(r"^(?:for|to)\s+(?:people|readers|those|anyone|someone|everyone)(?:\s+who\s+are)?\s+", re.I)
ODD = {"to", "you", "me", "write", "i", "we", "that", "which", "a", "an", "the", "us", "it", "this", "as"}


def _from_request(s: str, m: re.Match) -> tuple[str, int]:
    """The topic a request sentence names: right after the form ("a guide to X", "a post (400 words)
    on X"), after a topic word ("about X", "comparing X"), from the words before the form ("a
    Python decorators tutorial"), else what follows the form ("for people training for X")."""
    after = AFTER_FORM.match(s, m.end())
    if after:
        return cut_topic(s[after.end():]), after.end()
    topic, end = _topic_after(s, m.end())
    if topic:
        return topic, end
    raw = re.split(r"\s(?:as|in|for|with|of)\s", " " + m.group("mods") + " ")[0].split()
    mods = [w for w in raw if w.lower().strip(",()") not in STYLE_WORDS and not re.search(r"\d", w)
            and not w.lower().endswith("ly")]
    if mods and not ODD & {w.lower() for w in raw}:
        return cut_topic(" ".join(mods)), m.end()
    if READER_CLAUSE.match(s[m.end():].strip(" ,")):
        return "", m.end()  # "for people who ...": the reader, kept whole; the subject comes from it later
    rest = s[m.end():].strip(" ,")
    rest = cut_topic(re.sub(r"^(?:for|to)\s+", "", rest, flags=re.I))
    if len(rest.split()) < 2 or re.search(r"\b(?:tone|style|voice|words?)\b", rest, re.I):
        return "", m.end()  # "..., encouraging tone": no subject here
    return rest, m.end()


def _find_topic(sents: list[str], meta: dict[str, str]) -> tuple[str, int, str]:
    """(topic, index of the sentence it came from, the rest of that sentence worth keeping)."""
    if meta.get("topic"):
        return cut_topic(meta["topic"]), -1, ""
    for i, s in enumerate(sents):
        m = REQUEST.search(s)
        if m:
            topic, end = _from_request(s, m)
            if topic:
                return topic, i, _tail(s, end, topic)
    for i, s in enumerate(sents):
        m = FORM_COLON.match(s)
        if m and cut_topic(m.group("x")):
            return cut_topic(m.group("x")), i, ""
    for rx in (SUBJECT_IS, WRITE_ABOUT):
        for i, s in enumerate(sents):
            m = rx.search(s)
            if m:
                topic = cut_topic(s[m.end():])
                if topic:
                    return topic, i, _tail(s, m.end(), topic)
    for i, s in enumerate(sents):
        if IMPERATIVE.match(s) and not DIRECTIVE.match(s):
            topic = cut_topic(IMPERATIVE.sub("", s))
            if topic:
                return topic, i, _tail(s, len(s) - len(IMPERATIVE.sub("", s)), topic)
    return "", -1, ""


def _tail(sentence: str, start: int, topic: str) -> str:
    """What the request sentence says after its topic ("..., with plenty of anecdotes")."""
    at = sentence.find(topic, start) if topic else -1
    tail = clean(sentence[at + len(topic):] if at >= 0 else "")
    tail = re.sub(r"^(?:and|but|so|that|which)\s+", "", tail, flags=re.I)
    tail = re.sub(r"^(?:with|to|for) (?:your|my|our|the) (?:readers|audience|followers|subscribers)\b[,\s]*", "", tail, flags=re.I)
    tail = re.sub(r"[,\s]*(?:including|covering|with|as follows|in|using)?\s*(?:the following|these points|these parts|"
                  r"the points below|the sections below|below)?\s*[:.]?$", "", tail, flags=re.I)
    return (tail[0].upper() + tail[1:] + ("" if tail.endswith((".", "!", "?")) else ".")) if len(tail.split()) >= 3 else ""


def _set_words(reading: Reading) -> None:
    if not reading.asked:
        return
    target = reading.asked.target
    if target < MIN_WORDS:
        reading.remarks.append(f"asked for {reading.asked.words} words; blogwright writes at least {MIN_WORDS}")
        target = MIN_WORDS
    if target > MAX_WORDS:
        reading.remarks.append(f"asked for {reading.asked.words} words; blogwright writes at most {MAX_WORDS}")
        target = MAX_WORDS
    reading.words = round(target)


def _finish_parts(reading: Reading, possessive: bool, topic: str) -> None:
    """Enumerated items that spoke of "its purpose" get the topic in their point."""
    if possessive and reading.parts_source == "enumeration":
        subject = topic[:1].lower() + topic[1:] if topic[1:2].islower() else topic
        for p in reading.parts:
            p.point = re.sub(r"^(?:its|their|his|her|your|our|my)\s+(.+)$", lambda m: f"the {m.group(1)} of {subject}",
                             p.point, flags=re.I)
