"""Facts explained, connected and voiced without a new fact (issue 22), for a post an untrusted model
wrote around the user's facts (`ctx.fact_bound`).

There, every paragraph is one fact restated, and the strict claim check cuts whatever the model added
around it: measured on the bundled model, the notes' own words are what lands true, and a paragraph the
model "explains" is a paragraph of new claims. So what this step adds carries no claim, by the same
strict finder that checks the post (`grounding.extract_claims`): a line it reads as a claim is not added.
- **Explain:** a question leads each fact, made from the fact's subject by spaCy's parse: "What is a
  sourdough starter?", "What does DNS do?" (a question asserts nothing; never the empty "What about
  readers?"). Not
  when the section's heading already asks it, and no more often than the writer asks questions
  (`question_budget`): none for a writer who asks fewer than one in the post's length (a lower-case
  writer with 2.7 questions per 1,000 words got 23.8 in a notes post).
- **Connect:** when a fact is about a thing the fact before it (in the same section) named ("Your
  computer first asks a recursive resolver ..." then "The resolver asks a root server ..."), the two
  are one paragraph, the second asked as a follow-up ("And what does the resolver do?").
- **Summarise:** the TL;DR is the main facts: the fact the others share most words with, cut to its
  main clause (a shorter restatement of a note still passes the strict check), then the most central
  fact about another thing, cut the same way; not the first two notes copied, and no line about the post ("This
  post also covers your computer, the resolver and the TTL." was labelled meta at stop 31).
"""

from __future__ import annotations

import math
import re

from blogwright.grounding import extract_claims, strip_markers
from blogwright.grounding.claims import GENERIC
from blogwright.grounding.terms import stem
from blogwright.model.post import Post, Section
from blogwright.pipeline.clean import split_sentences
from blogwright.pipeline.context import RunContext
from blogwright.text import english
from blogwright.text.citations import MARKER
from blogwright.text.sentences import as_sentence
from blogwright.text.tokens import content_words, normalize, overlap, title_case

# no "What about {s}?" (a negation, a plural, a passive): stop 32's editor read "What about compost?", "What
# about the pile?" as empty questions that lead nothing
QUESTIONS = {"is": "What is {s}?", "are": "What are {s}?", "does": "What does {s} do?"}
RARELY = 3.0  # questions per 1,000 words: a writer who asks fewer gets no lead questions
NOTE_SHARE = 0.6  # of a restated fact's words found in one note: the fact is that note's
MIN_CLAUSE_WORDS = 5  # a note is cut to its main clause only when that clause says something on its own


def no_claim(line: str, known: list[str]) -> bool:
    """The strict finder reads `line` as carrying no claim."""
    return bool(line) and not extract_claims(line, strict=True, known=known)


def lead_question(fact: str, names: str = "") -> str:
    """The question a fact answers, from its subject: "" when the parse finds no usable subject."""
    return _question(*english.clause_subject(strip_markers(fact), names))


def _question(subject: str, form: str) -> str:
    return QUESTIONS[form].format(s=subject) if subject and form in QUESTIONS else ""


def _things(text: str, known: list[str]) -> set[str]:
    given = {stem(w) for k in known for w in content_words(k)}
    return {stem(w) for w in content_words(text) if w not in GENERIC} - given


def _asked(heading: str, question: str) -> bool:
    """The heading already asks it ("What a Sourdough Starter Is" / "What is a sourdough starter?")."""
    return bool(heading) and overlap(question, heading) >= 0.8 and overlap(heading, question) >= 0.6


def _fact_of(paragraph: str) -> str:
    """The paragraph's cited sentence (the restated fact), else ""."""
    return next((s for s in split_sentences(paragraph) if MARKER.search(s)), "")


def _from_notes(fact: str, notes: list[str]) -> bool:
    """Is the cited sentence one of the user's notes restated (most of its words in one note)?"""
    plain = strip_markers(fact)
    return any(overlap(plain, note) >= NOTE_SHARE for note in notes)


def question_budget(rate: float | None, words: int) -> int | None:
    """How many questions a post of `words` words may ask for a writer who asks `rate` per 1,000 words
    (None: no measure, no limit): none for a writer who rarely asks (under RARELY), else their rate
    over the post's length, rounded up."""
    if rate is None:
        return None
    return 0 if rate < RARELY else math.ceil(rate * max(0, words) / 1000)


def writer_questions(ctx: RunContext) -> float | None:
    """The questions per 1,000 words of a voice learned from the user's posts (None: no limit). A built-in
    voice keeps issue 22's lead questions: limited to its corpus's rate, bench.quality's short notes posts
    lost them and their off-topic paragraph share rose from 0.04 to 0.07 (the project bar is 0.05)."""
    profile, _ = ctx.voice_model()
    return None if profile is None or profile.builtin else profile.fingerprint.punctuation.get("question")


def explain_sections(ctx: RunContext, post: Post) -> int:
    """Lead each fact with its question (as often as the writer asks questions) and join connected
    facts; returns how many lines were added."""
    known = [ctx.brief.topic]
    names = ". ".join([ctx.brief.topic, *ctx.brief.notes])
    words = sum(len(p.split()) for p in post.prose())
    budget = question_budget(writer_questions(ctx), words)
    added = 0
    used: set[str] = set()  # one question once a post ("What is WAL mode?" for two facts)
    for section in post.sections:
        out: list[str] = []
        prev_fact = ""
        for para in [p for p in re.split(r"\n\s*\n", section.text) if p.strip()]:
            fact = _fact_of(para)
            # only a fact from the user's own notes is asked: a found page's sentence, parsed out of its
            # page, gave nonsense questions on the bundled model ("What about rebase exits topic?")
            subject, form = english.clause_subject(strip_markers(fact), names) if fact else ("", "")
            question = _question(subject, form) if fact and _from_notes(fact, ctx.brief.notes) else ""
            about = _things(subject, known)
            connected = bool(prev_fact and about and about <= _things(prev_fact, known))
            if question and connected:
                question = "And " + question[:1].lower() + question[1:]
            if question and (_asked(section.heading, question) or not no_claim(question, known)
                             or normalize(question) in used or (budget is not None and added >= budget)):
                question = ""
            used.add(normalize(question))
            text = f"{question} {para.strip()}".strip() if question else para.strip()
            added += bool(question)
            if connected and out:
                out[-1] = f"{out[-1]} {text}"
            else:
                out.append(text)
            prev_fact = fact or prev_fact
        section.text = "\n\n".join(out)
    if added:
        ctx.note("review", f"{added} question(s) lead the facts they introduce (no new claim)")
    return added


def note_index(sentence: str, notes: list[str]) -> int | None:
    """The index of the user's note a cited sentence restates (most of its words in it, the best such note), else
    None (a found page's sentence, a voice line)."""
    plain = strip_markers(sentence)
    scores = [(overlap(plain, note), i) for i, note in enumerate(notes)]
    best = max(scores, default=(0.0, -1))
    return best[1] if best[0] >= NOTE_SHARE else None


def notes_order(post: Post, notes: list[str]) -> int:
    """A post of the user's notes says them in the order the user gave them (stop 34's editor: the DNS steps came out
    3, 1, 4, 2, and "What does functools.wraps do?" before the wrapper it copies onto). The plan gives each note the
    section whose heading it matches best, so a step could land in a later section than the step after it. Every
    paragraph is put in its note's place (a paragraph with no note stays after the one before it); runs of paragraphs
    from one section stay that section, under its heading, and a section split in two has its heading twice
    (`fit_headings` names the second after its facts). Returns how many paragraphs moved."""
    units: list[tuple[int, str]] = []  # (section index, paragraph)
    for si, section in enumerate(post.sections):
        units += [(si, p.strip()) for p in re.split(r"\n\s*\n", section.text) if p.strip()]
    ranks: list[float] = []
    last = -1.0
    for pos, (_, para) in enumerate(units):
        found = [i for s in split_sentences(para) if MARKER.search(s) and (i := note_index(s, notes)) is not None]
        last = float(min(found)) if found else last + 1e-3 * (pos + 1) / (len(units) + 1)
        ranks.append(last)
    order = sorted(range(len(units)), key=lambda k: (ranks[k], k))
    moved = sum(1 for a, b in zip(order, range(len(units))) if a != b)
    if not moved:
        return 0
    runs: list[tuple[int, list[str]]] = []
    for k in order:
        si, para = units[k]
        if runs and runs[-1][0] == si:
            runs[-1][1].append(para)
        else:
            runs.append((si, [para]))
    old = post.sections
    post.sections = [old[si].model_copy(update={"text": "\n\n".join(paras)}, deep=True) for si, paras in runs]
    return moved


def main_clause(note: str) -> str:
    """A note cut at its first comma when what comes before stands alone: "Your computer first asks a
    recursive resolver, usually run by ..." -> "Your computer first asks a recursive resolver"."""
    head, sep, tail = note.partition(", ")
    if sep and len(head.split()) >= MIN_CLAUSE_WORDS and ":" not in head and not KEEPS.match(tail) \
            and english.stands_alone(head):
        return head
    return note


# what follows the comma is part of the claim, not an aside: a condition, a contrast, a limit ("..., unless
# it is dried"); a head with a colon is a list cut after its first item ("...in production: prompts",
# the TL;DR of a notes post in a newcomer's trial)
KEEPS = re.compile(r"(?:unless|if|only|except|but|when|whenever|as long as|provided|because|so|until|before|"
                   r"after|without|not|never|or|and|while|although|though|even)\b", re.I)


def central(notes: list[str], topic: str) -> int:
    """The index of the note that shares the most things with the other notes and the topic (the
    first of equals): what the post is most about."""
    bags = [_things(n, []) for n in notes]
    about = _things(topic, [])

    def score(i: int) -> int:
        return sum(len(bags[i] & b) for j, b in enumerate(bags) if j != i) + 3 * len(bags[i] & about)

    return max(range(len(notes)), key=lambda i: (score(i), -i)) if notes else -1


def notes_tldr(topic: str, notes: list[str], said: list[str] | None = None) -> str:
    """The TL;DR of a fact-bound post: its main facts, never a line about the post ("This post also
    covers ..." was labelled meta at stop 31): the most central note in short, then the most central
    note about another thing, each whole (the user's words, as the body quotes them: a note cut to its main
    clause, "Your computer first asks a recursive resolver.", was no longer what the truth check supports), in
    the notes' order. The second is not a note the intro right below opens on (`said`, the intro's sentences):
    stop 34's cast-iron TL;DR ended on the note its intro then opened with, the same sentence twice in a row. The
    most central note stays even when the intro says it (without it, the DNS and bloom-filter TL;DRs no longer said
    what the thing is: stop 33 and this stop, tried)."""
    notes = [n for n in notes if n.strip()]
    if not notes:
        return ""
    told = {k for s in said or [] if (k := note_index(s, notes)) is not None}
    i = central(notes, topic)
    names = ". ".join([topic, *notes])
    subject = _things(english.clause_subject(notes[i], names)[0], [topic])
    rest = [j for j in range(len(notes)) if j != i
            and not _things(english.clause_subject(notes[j], names)[0], [topic]) <= subject]
    rest = [j for j in rest if j not in told] or rest
    j = rest[central([notes[k] for k in rest], topic)] if rest else None
    # ". ; :" at its end: one full stop
    return " ".join(as_sentence(notes[k].strip().rstrip(".;:")) for k in sorted({i, *([j] if j is not None else [])}))


# a template heading that promises what a section of facts may not hold: reasons, steps, mistakes, tools,
# questions, an example ("Step by Step" over no steps, "Questions People Ask" over no question, "Why It
# Matters" over seasoning and drying: stop 31's labelled posts)
PROMISES = frozenset("""why matters matter step steps mistakes tools help tips results questions ask example
    worked working tell next started getting reasons argument falls short differences choose going further
    need before first know""".split())
PLAIN_SUBJECT = re.compile(r"^[A-Za-z][A-Za-z' -]*$")  # words only: a code name keeps its case, a heading would not
VAGUE = frozenset("one ones thing things way ways part parts kind kinds lot".split())
DEFINES = re.compile(r"^what\s+(?P<s>.+?)\s+(?:is|are)$", re.I)


def _heading_fits(heading: str, facts: list[str], names: str, keywords: list[str], topic: str = "") -> bool:
    """Does a template heading say what its facts are about? Its own words are all in them, it promises
    nothing they may not hold and it says more than the topic ("Redis" alone over a Redis fact: stop 33); "What
    X Is" only over a fact that says what X is ("What Redis Is" over how Redis saves snapshots did not fit). A
    heading holding a keyword of the brief is kept (SEO)."""
    low = heading.lower()
    defined = DEFINES.match(heading.strip())
    if defined:  # a definition heading promises one, keyword or not (stop 33: its fact had moved to the intro)
        wanted = _things(defined.group("s"), [])
        return any(form in ("is", "are") and wanted <= _things(subject, [])
                   for subject, form in (english.clause_subject(strip_markers(f), names) for f in facts))
    if any(k.lower() in low for k in keywords if k.strip()):
        return True
    words = {stem(w) for w in content_words(heading)}
    return bool(words) and not words & {stem(w) for w in PROMISES} and bool(_things(heading, [topic])) \
        and words <= {stem(w) for f in facts for w in content_words(f)}


def fit_headings(ctx: RunContext, post: Post) -> int:
    """A section of facts whose template heading does not fit them is named after what its facts are
    about: the subjects of its cited sentences ("Seasoning and a Little Dish Soap"), a long or gerund subject cut
    to what names it (`english.subject_phrase`: "Soaking a Cast Iron Pan" for stop 33's "Step by Step" over one
    sentence, "The Top-level Domain Servers" for "What DNS Is" over the TLD step). A section whose facts name
    nothing but the topic ("Redis" over a Redis fact) or nothing at all joins the nearest section before it that
    has a fitting heading (else the one after it) rather than keep a heading that promises what it does not hold;
    when no section has one, the topic's own subject names them. A section that opens on a fact pointing back gives it
    to the section before (`lean_back`); one whose heading names under half its facts is named more broadly
    (`_broaden`). Returns how many headings changed, sections joined and facts moved."""
    names = ". ".join([ctx.brief.topic, *ctx.brief.notes])
    if leaned := lean_back(post):
        ctx.note("review", f"{leaned} fact(s) that point back (\"those bits\") joined the section before them")
    changed = 0
    anchors: set[int] = set()  # sections whose heading fits (kept or named after their facts), or with no facts
    topic_only: dict[int, str] = {}  # sections whose facts name only the topic's own subject: that subject
    for i, section in enumerate(post.sections):
        facts = [strip_markers(s) for s in split_sentences(section.text) if MARKER.search(s)]
        again = any(x.heading == section.heading for x in post.sections[:i])  # a section `notes_order` split
        if not facts or (not again and _heading_fits(section.heading, facts, names, ctx.brief.keywords,
                                                     ctx.brief.topic)):
            anchors.add(i)
            continue
        subjects: list[str] = []
        for fact in facts:
            if english.points_back(fact):
                continue  # "A lookup that finds any of those bits unset ...": it goes on about the fact before it
            subject = english.clause_subject(fact, names)[0] or english.subject_phrase(fact)
            bag = _things(subject, [])
            if not PLAIN_SUBJECT.match(subject) or not bag or bag & VAGUE \
                    or any(bag <= _things(x, []) or _things(x, []) <= bag for x in subjects):
                continue  # code ("functools.wraps", "@name"), "the ones used", one already named
            subjects.append(subject)
        # not the topic's own subject: every section is about Redis in a post on Redis ("Redis and RDB", "Redis and a
        # Queued Command", "Adding an Item and a Bloom Filter": stop 32's editor; a bare "Redis": stop 33's)
        own = [x for x in subjects if _things(x, [ctx.brief.topic])]
        if not own:
            if subjects:
                topic_only[i] = subjects[0]
            continue
        if _rename(post, section, own):
            changed += 1
            anchors.add(i)
    if not anchors:  # no section names anything but the topic: its own subject names them, the fuller names first
        # ("A Redis Transaction"; a bare "Redis" only when nothing else is left: stop 33's research post)
        for pick in (lambda x: len(content_words(x)) > 1, lambda x: True):
            for i, subject in topic_only.items():
                if pick(subject) and (not anchors or len(content_words(subject)) > 1) \
                        and _rename(post, post.sections[i], [subject]):
                    changed += 1
                    anchors.add(i)
            if anchors:
                break
    joined = _join_to_anchors(post, anchors)
    changed += _broaden(post, names, ctx.brief.topic)
    if changed:
        ctx.note("review", f"{changed} heading(s) named after their facts (the template's did not fit them)")
    if joined:
        ctx.note("review", f"{joined} section(s) joined another (their facts name nothing a heading could say, and "
                           "the template's did not fit them)")
    return changed + joined + leaned


def lean_back(post: Post) -> int:
    """A section that opens on a fact pointing back ("A lookup that finds any of those bits unset ...": stop 34's
    bloom-filter post, where "those bits" reached across the heading "A Lookup" to nothing) gives that paragraph to
    the section before it, after the fact it leans on; a section left empty goes. Returns how many moved."""
    moved = 0
    for i in range(1, len(post.sections)):
        paragraphs = [p for p in re.split(r"\n\s*\n", post.sections[i].text) if p.strip()]
        first = split_sentences(paragraphs[0]) if paragraphs else []
        if first and english.points_back(strip_markers(first[0])):
            before = post.sections[i - 1]
            before.text = f"{before.text.rstrip()}\n\n{paragraphs[0].strip()}"
            post.sections[i].text = "\n\n".join(paragraphs[1:])
            moved += 1
    post.sections = [s for s in post.sections if s.text.strip()]
    return moved


def _names(heading: str, fact: str, head_only: bool = False) -> bool:
    """Does `heading` name what `fact` is about: every thing it names is in the fact (`head_only`: its last word)?"""
    wanted = _things(heading, [])
    if head_only and content_words(heading):
        wanted = {stem(content_words(heading)[-1])}
    return bool(wanted) and wanted <= {stem(w) for w in content_words(fact)}


def _broaden(post: Post, names: str, topic: str) -> int:
    """A section whose heading names fewer than half its facts (a fact's subject, after facts that name only the
    topic joined it: stop 34's compost "Meat and Dairy" over five sentences, one of them on meat and dairy) is
    named after the subject that names the most of them, when that names more: one of its facts' subjects, or the
    topic's own when it is more than one word ("A Compost Pile", counted by its last word); never one bare word of
    the topic ("Redis" in a post on Redis, "A Pile": stop 33's editor). Returns how many headings changed."""
    changed = 0
    about = english.clause_subject(topic, names)[0] or english.subject_phrase(topic)
    whole = [about] if len(content_words(about)) > 1 and PLAIN_SUBJECT.match(about) else []
    for section in post.sections:
        facts = [strip_markers(s) for s in split_sentences(section.text) if MARKER.search(s)]
        now = sum(_names(section.heading, f) for f in facts)
        if len(facts) < 3 or 2 * now >= len(facts):
            continue
        subjects = [x for f in facts if (x := english.clause_subject(f, names)[0] or english.subject_phrase(f))
                    and PLAIN_SUBJECT.match(x) and (_things(x, [topic]) or len(content_words(x)) > 1)]
        scored = [(sum(_names(x, f, head_only=True) for f in facts), x) for x in whole]  # first of equals
        scored += [(sum(_names(x, f) for f in facts), x) for x in subjects]
        best = max(scored, key=lambda nx: nx[0], default=(0, ""))
        if best[0] > now and _rename(post, section, [best[1]]):
            changed += 1
    return changed


def _rename(post: Post, section: Section, subjects: list[str]) -> bool:
    """Name `section` after its subjects (two at most, one when it is a list already: "Meat and dairy"); not when
    another section has that name already."""
    heading = title_case(subjects[0] if " and " in subjects[0] or len(subjects) == 1 or " and " in subjects[1]
                         else f"{subjects[0]} and {subjects[1]}")
    if frozenset(_things(heading, [])) in {frozenset(_things(x.heading, [])) for x in post.sections if x is not section}:
        return False  # two sections under one name
    section.heading = heading[:1].upper() + heading[1:]
    return True


def _join_to_anchors(post: Post, anchors: set[int]) -> int:
    """Join every section not in `anchors` (indices) to the nearest anchor before it, else the one after it; none
    when there is no anchor. Returns how many sections were joined."""
    if not anchors:
        return 0
    keep = sorted(anchors)
    lead = [post.sections[i].text.strip() for i in range(keep[0])]  # before the first anchor: it opens that one
    if lead:
        first = post.sections[keep[0]]
        first.text = "\n\n".join([*lead, first.text.strip()])
    for i in range(keep[0] + 1, len(post.sections)):
        if i not in anchors:
            target = post.sections[max(a for a in keep if a < i)]
            target.text = f"{target.text.rstrip()}\n\n{post.sections[i].text.strip()}"
    joined = len(post.sections) - len(keep)
    post.sections = [post.sections[a] for a in keep]
    return joined
